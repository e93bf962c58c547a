import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { FileDelivery, FileSource } from '../../../shared/files/types';
import type { BundleImportSummary, ContentPackItem, PackImportOutcome } from '../../../shared/workshop/types';
import { scripted } from './testing/scripted-ipc';

const { calls } = scripted;

/** The file picker and the download, as the slice sees them (no DOM in these tests). */
const files = vi.hoisted(() => ({
  chosen: null as FileSource | null,
  chooseCalls: [] as { mode: string | undefined; accept: string }[],
  delivered: [] as FileDelivery[],
}));

vi.mock('../ipc/client', () => import('./testing/scripted-ipc').then((m) => m.clientModule));
vi.mock('../files/choose-file', () => ({
  UploadError: class UploadError extends Error {},
  chooseFile: async (mode: string | undefined, options: { accept: string }) => {
    files.chooseCalls.push({ mode, accept: options.accept });
    return files.chosen;
  },
  receiveDelivery: (delivery: FileDelivery) => {
    files.delivered.push(delivery);
    return '';
  },
}));

const { useAppStore } = await import('./index');
const { IpcError } = await import('../ipc/client');

const initialState = useAppStore.getState();
const upload: FileSource = { kind: 'upload', uploadId: '3f1b6f5e-8a55-4a43-9b39-0a3c1c7d2e11' };
const counts = (inserted: number, skipped = 0) => ({ inserted, updated: 0, skipped });
const tables = ['users', 'scenarioVersions', 'sessions', 'messages', 'stepProgress', 'feedback', 'riskDetections', 'sessionSummaries', 'reflections'] as const;

function summary(sessionsInserted: number, sessionsSkipped: number): BundleImportSummary {
  return {
    fileName: 'laptop-b.chattrain-bundle',
    writtenBy: { appVersion: '0.1.0', createdAt: '2026-11-23T15:00:00.000Z' },
    contained: Object.fromEntries(tables.map((table) => [table, table === 'sessions' ? sessionsInserted + sessionsSkipped : 1])) as BundleImportSummary['contained'],
    counts: Object.fromEntries(tables.map((table) => [table, table === 'sessions' ? counts(sessionsInserted, sessionsSkipped) : counts(sessionsInserted > 0 ? 1 : 0, sessionsInserted > 0 ? 0 : 1)])) as BundleImportSummary['counts'],
    conflicts: [],
    addedAsTrainees: [],
    durationMs: 12,
  };
}

const pack: ContentPackItem = {
  id: 'claims-pack',
  title: 'Claims pack',
  description: null,
  version: '1.2.0',
  origin: { kind: 'zip', name: 'claims-pack.zip', path: null },
  importedAt: '2026-11-23T15:00:00.000Z',
  scenarios: [
    { id: 'pack.alpha', title: 'Alpha' },
    { id: 'pack.beta', title: 'Beta' },
  ],
  trackIds: ['basics'],
  files: 5,
  bytes: 2048,
};

beforeEach(() => {
  calls.length = 0;
  files.chosen = null;
  files.chooseCalls.length = 0;
  files.delivered.length = 0;
  useAppStore.setState(initialState, true);
  useAppStore.setState({ appInfo: { name: 'ChatTrain', version: 't', mode: 'web', dataDir: '/d', databasePath: '/d/db', platform: 'linux' } });
  scripted.handler = async () => undefined;
});

describe('workshop slice', () => {
  it('loads the filter options and the packs; a trainee is told the area is not theirs', async () => {
    scripted.handler = async (channel) => (channel === 'workshop.listPacks' ? [pack] : { scenarios: [], trainees: [], totalSessions: 0, firstStartedAt: null, lastStartedAt: null });
    await useAppStore.getState().loadWorkshop();
    expect(useAppStore.getState()).toMatchObject({ workshopLoad: 'ready', workshopDenied: false, packs: [pack], packsLoad: 'ready' });

    useAppStore.setState(initialState, true);
    scripted.handler = async () => {
      throw new IpcError('UNAUTHORIZED', 'This needs a facilitator or trainer profile.');
    };
    await useAppStore.getState().loadWorkshop();
    expect(useAppStore.getState()).toMatchObject({ workshopLoad: 'error', workshopDenied: true, workshopError: 'This needs a facilitator or trainer profile.' });
  });

  it('sends the local days as instants and keeps a bad range from reaching main', async () => {
    scripted.handler = async () => ({ sessions: 142, completedSessions: 100, xapiStatements: 190 });
    const { setFilterDraft } = useAppStore.getState();
    setFilterDraft('cohort', 'from', '2026-11-01');
    setFilterDraft('cohort', 'to', '2026-11-23');
    setFilterDraft('cohort', 'scenarioId', 'insurance.claim_handling.v1');
    await useAppStore.getState().previewSelection('cohort');
    expect(calls).toEqual([
      {
        channel: 'workshop.previewSelection',
        input: {
          filters: {
            from: new Date(2026, 10, 1, 0, 0, 0, 0).toISOString(),
            to: new Date(2026, 10, 23, 23, 59, 59, 999).toISOString(),
            scenarioId: 'insurance.claim_handling.v1',
          },
        },
      },
    ]);
    expect(useAppStore.getState().previews.cohort).toEqual({ status: 'ready', preview: { sessions: 142, completedSessions: 100, xapiStatements: 190 }, error: null });
    // The other section keeps its own filters.
    expect(useAppStore.getState().filterDrafts.bundle).toEqual({ from: '', to: '', scenarioId: '', userId: '' });

    setFilterDraft('cohort', 'from', '2026-12-01');
    await useAppStore.getState().previewSelection('cohort');
    await useAppStore.getState().exportCohort();
    expect(calls).toHaveLength(1);
    expect(useAppStore.getState().previews.cohort).toMatchObject({ status: 'error', error: 'The “from” date is after the “to” date.' });
    expect(useAppStore.getState().cohortExport).toMatchObject({ status: 'error', error: 'The “from” date is after the “to” date.' });
  });

  it('exports the cohort, starts the download and says what was exported', async () => {
    const delivery: FileDelivery = { kind: 'download', fileName: 'chattrain-cohort-2026-11-23.xapi.json', mimeType: 'application/json', base64: 'W10=' };
    scripted.handler = async () => ({ delivery, format: 'xapi', fileName: delivery.fileName, records: 190, sessions: 100, bytes: 4000 });
    useAppStore.getState().setCohortFormat('xapi');
    useAppStore.getState().setXapiIdentifiers({ homePage: ' https://lms.example.org/people ' });
    await useAppStore.getState().exportCohort();
    expect(calls.at(-1)).toEqual({ channel: 'workshop.exportCohort', input: { format: 'xapi', filters: {}, xapi: { homePage: 'https://lms.example.org/people' } } });
    expect(files.delivered).toEqual([delivery]);
    expect(useAppStore.getState().cohortExport).toMatchObject({
      status: 'done',
      message: 'Exported 190 xAPI statements for 100 completed sessions — downloaded as chattrain-cohort-2026-11-23.xapi.json.',
    });

    scripted.handler = async () => ({ delivery: { kind: 'cancelled' }, format: 'csv', fileName: 'x.csv', records: 3, sessions: 3, bytes: 10 });
    useAppStore.getState().setCohortFormat('csv');
    // The xAPI outcome would read as the CSV's.
    expect(useAppStore.getState().cohortExport).toMatchObject({ status: 'idle', message: null });
    await useAppStore.getState().exportCohort();
    expect(calls.at(-1)?.input).toEqual({ format: 'csv', filters: {} });
    expect(useAppStore.getState().cohortExport).toMatchObject({ status: 'idle', message: 'Export cancelled: nothing was saved.' });

    scripted.handler = async () => {
      throw new IpcError('BAD_INPUT', 'No sessions match these filters; nothing was exported.');
    };
    await useAppStore.getState().exportCohort();
    expect(useAppStore.getState().cohortExport).toMatchObject({ status: 'error', error: 'No sessions match these filters; nothing was exported.' });
  });

  it('exports a bundle with its counts', async () => {
    scripted.handler = async () => ({
      delivery: { kind: 'saved', path: '/home/fay/workshop.chattrain-bundle' },
      fileName: 'chattrain-sessions-a-2026-11-23.chattrain-bundle',
      counts: { users: 3, scenarioVersions: 2, sessions: 12, messages: 480, stepProgress: 30, feedback: 90, riskDetections: 1, sessionSummaries: 12, reflections: 4 },
      bytes: 48_000,
    });
    await useAppStore.getState().exportBundle();
    expect(calls.at(-1)).toEqual({ channel: 'workshop.exportBundle', input: { filters: {} } });
    expect(useAppStore.getState().bundleExport.message).toBe('Bundle of 12 sessions (480 messages, 3 profiles) saved to /home/fay/workshop.chattrain-bundle.');
  });

  it('imports a bundle through the file picker, reports the numbers and refreshes the counts', async () => {
    files.chosen = upload;
    scripted.handler = async (channel) => {
      if (channel === 'workshop.importBundle') return summary(4, 1);
      if (channel === 'workshop.filterOptions') return { scenarios: [], trainees: [], totalSessions: 5, firstStartedAt: null, lastStartedAt: null };
      if (channel === 'workshop.listPacks') return [];
      return { sessions: 5, completedSessions: 5, xapiStatements: 10 };
    };
    await useAppStore.getState().importBundle();
    expect(files.chooseCalls).toEqual([{ mode: 'web', accept: '.chattrain-bundle,.ctbundle' }]);
    expect(calls[0]).toEqual({ channel: 'workshop.importBundle', input: { source: upload } });
    expect(useAppStore.getState().bundleImport).toMatchObject({ status: 'done', message: 'Imported laptop-b.chattrain-bundle: 4 new sessions, 1 already here.' });
    expect(calls.map((call) => call.channel)).toEqual(expect.arrayContaining(['workshop.filterOptions', 'workshop.previewSelection']));
    expect(useAppStore.getState().workshopOptions?.totalSessions).toBe(5);

    scripted.handler = async (channel) => (channel === 'workshop.importBundle' ? summary(0, 5) : undefined);
    await useAppStore.getState().importBundle();
    expect(useAppStore.getState().bundleImport.message).toBe('Nothing new in laptop-b.chattrain-bundle: all 5 sessions were already here.');
  });

  it('keeps main’s refusal of a tampered bundle, and does nothing when the picker is cancelled', async () => {
    files.chosen = null;
    await useAppStore.getState().importBundle();
    expect(calls).toEqual([]);
    expect(useAppStore.getState().bundleImport.status).toBe('idle');

    files.chosen = upload;
    scripted.handler = async () => {
      throw new IpcError('BAD_INPUT', 'This workshop bundle was modified or damaged after it was written (checksum mismatch); nothing was imported.');
    };
    await useAppStore.getState().importBundle();
    expect(useAppStore.getState().bundleImport).toMatchObject({ status: 'error', error: expect.stringContaining('checksum mismatch') });
  });

  it('imports a pack: a refused one keeps its located problems, a good one reloads the list', async () => {
    files.chosen = upload;
    const refused: PackImportOutcome = {
      ok: false,
      packId: 'bad-pack',
      name: 'bad-pack',
      sourceName: 'bad-pack.zip',
      sourceKind: 'zip',
      scenarioIds: [],
      problems: [{ file: 'bad-pack.zip/a/scenario.yaml', line: 15, column: 17, path: 'steps[0].pass_score', message: 'steps[0].pass_score: must be at most 100' }],
      replaced: false,
      pack: null,
      otherProblems: 0,
    };
    scripted.handler = async () => refused;
    await useAppStore.getState().importPack('zip');
    expect(calls).toEqual([{ channel: 'workshop.importPack', input: { source: upload, kind: 'zip' } }]);
    expect(useAppStore.getState().packImport).toMatchObject({ status: 'done', result: refused, message: '“bad-pack.zip” was not installed: 1 problem to fix. Nothing was changed.' });

    calls.length = 0;
    scripted.handler = async (channel) =>
      channel === 'workshop.listPacks' ? [pack] : { ...refused, ok: true, problems: [], name: 'Claims pack', sourceName: 'claims-pack.zip', scenarioIds: ['pack.alpha', 'pack.beta'], pack };
    await useAppStore.getState().importPack('zip');
    expect(calls.map((call) => call.channel)).toEqual(['workshop.importPack', 'workshop.listPacks']);
    expect(useAppStore.getState().packImport.message).toBe('Installed “Claims pack” with 2 scenarios; they are in the library now.');
    expect(useAppStore.getState().packs).toEqual([pack]);
  });

  it('removes a pack and says what left the library', async () => {
    scripted.handler = async (channel) => (channel === 'workshop.listPacks' ? [] : { removed: pack, scenariosRemoved: 2 });
    expect(await useAppStore.getState().removePack('claims-pack')).toBe(true);
    expect(calls.map((call) => call.channel)).toEqual(['workshop.removePack', 'workshop.listPacks']);
    expect(useAppStore.getState().packRemove.message).toBe('Removed “Claims pack” and its 2 scenarios from the library. Sessions played from them are kept.');
    expect(useAppStore.getState().packs).toEqual([]);

    scripted.handler = async () => {
      throw new IpcError('NOT_FOUND', 'There is no installed content pack with the id "claims-pack".');
    };
    expect(await useAppStore.getState().removePack('claims-pack')).toBe(false);
    expect(useAppStore.getState().packRemove).toMatchObject({ status: 'error', packId: 'claims-pack' });
  });
});
