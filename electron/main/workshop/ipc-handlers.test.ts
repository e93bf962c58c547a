import { createReadStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { FileDelivery } from '../../../shared/files/types';
import type { IpcEvents } from '../../../shared/ipc/contract';
import { workshopChannels } from '../../../shared/workshop/ipc';
import { cohortCsvColumnDocs } from '../../../shared/workshop/types';
import { createChatTrainCore, type ChatTrainCore, type CoreOptions } from '../chattrain-core';
import { cohortCsvColumns } from '../cohort/cohort-csv';
import { validateXapiStatement } from '../cohort/xapi';
import { goodPackFiles, minimalScenarioYaml, zipOf } from '../content-packs/testing/fixtures';
import { bundledContentDir } from '../paths';
import { createProfile } from '../people/profiles';

const SCENARIO = 'insurance.claim_handling.v1';
const OTHER_SCENARIO = 'wellbeing.checkin.v1';
const GREETING = "I'm so sorry to hear that, it sounds really stressful. I'm here to help. Could I have your policy number?";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function tempFolder(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function startCore(options: Partial<CoreOptions> = {}): Promise<ChatTrainCore> {
  const core = await createChatTrainCore({
    dataDir: tempFolder('chattrain-workshop-ipc-'),
    bundledContentDir: bundledContentDir(),
    mode: 'cli',
    appVersion: '0.1.0-test',
    ...options,
  });
  cleanups.push(() => core.close());
  return core;
}

async function becomeFacilitator(core: ChatTrainCore, name = 'Fay'): Promise<string> {
  const profile = await createProfile(core.database.db, { displayName: name, role: 'facilitator' });
  const switched = await core.people.switchTo(profile.id, null);
  expect(switched.ok).toBe(true);
  return profile.id;
}

/** One session played through the real training service: `complete` ends it after one answer. */
async function play(core: ChatTrainCore, userId: string, scenarioId: string, how: 'complete' | 'in_progress'): Promise<string> {
  const view = await core.training.create(scenarioId, userId);
  const id = view.session.id;
  await core.training.start(id);
  await core.training.answer(id, GREETING);
  if (how === 'complete') await core.training.end(id);
  return id;
}

/** Two trainees, four sessions (three completed), on `core`. */
async function seedSessions(core: ChatTrainCore) {
  const { db } = core.database;
  const ana = await createProfile(db, { displayName: 'Ana', role: 'trainee' });
  const ben = await createProfile(db, { displayName: '=Ben', role: 'trainee' });
  const sessions = [
    await play(core, ana.id, SCENARIO, 'complete'),
    await play(core, ana.id, SCENARIO, 'in_progress'),
    await play(core, ben.id, SCENARIO, 'complete'),
    await play(core, ben.id, OTHER_SCENARIO, 'complete'),
  ];
  return { ana, ben, sessions };
}

function downloaded(delivery: FileDelivery): Buffer {
  if (delivery.kind !== 'download') throw new Error(`expected a download, got ${delivery.kind}`);
  return Buffer.from(delivery.base64, 'base64');
}

async function upload(core: ChatTrainCore, bytes: Uint8Array, name: string): Promise<string> {
  const file = join(tempFolder('chattrain-upload-src-'), name);
  writeFileSync(file, bytes);
  return core.uploads.save(createReadStream(file), name);
}

function exports(core: ChatTrainCore): { user_id: string | null; details: Record<string, unknown> }[] {
  return core.database.sqlite
    .prepare(`SELECT user_id, details_json FROM activity_log WHERE type = 'export_generated' ORDER BY id`)
    .all()
    .map((row) => {
      const { user_id, details_json } = row as { user_id: string | null; details_json: string };
      return { user_id, details: JSON.parse(details_json) as Record<string, unknown> };
    });
}

function recordEvents(core: ChatTrainCore): IpcEvents['scenarios.changed'][] {
  const seen: IpcEvents['scenarios.changed'][] = [];
  const stop = core.events.listen((event, payload) => {
    if (event === 'scenarios.changed') seen.push(payload as IpcEvents['scenarios.changed']);
  });
  cleanups.push(stop);
  return seen;
}

const tableCount = (core: ChatTrainCore, table: string) => (core.database.sqlite.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number);

describe('workshop channels: who may use them', () => {
  it('refuses a trainee on every channel and changes nothing', async () => {
    const core = await startCore();
    await seedSessions(core);
    const trainee = await createProfile(core.database.db, { displayName: 'Tess', role: 'trainee' });
    await core.people.switchTo(trainee.id, null);
    const packUpload = await upload(core, zipOf(goodPackFiles()), 'claims-pack.zip');
    const { handlers } = core;
    const calls: Record<keyof typeof workshopChannels, () => unknown> = {
      'workshop.filterOptions': () => handlers['workshop.filterOptions'](undefined),
      'workshop.previewSelection': () => handlers['workshop.previewSelection']({ filters: {} }),
      'workshop.exportCohort': () => handlers['workshop.exportCohort']({ format: 'csv', filters: {} }),
      'workshop.exportBundle': () => handlers['workshop.exportBundle']({ filters: {} }),
      'workshop.importBundle': () => handlers['workshop.importBundle']({ source: { kind: 'upload', uploadId: packUpload } }),
      'workshop.listPacks': () => handlers['workshop.listPacks'](undefined),
      'workshop.importPack': () => handlers['workshop.importPack']({ source: { kind: 'upload', uploadId: packUpload }, kind: 'zip' }),
      'workshop.removePack': () => handlers['workshop.removePack']({ packId: 'claims-pack' }),
    };
    expect(Object.keys(calls).sort()).toEqual(Object.keys(workshopChannels).sort());
    for (const [channel, call] of Object.entries(calls)) {
      await expect(Promise.resolve().then(call), channel).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    }
    expect(exports(core)).toEqual([]);
    expect(existsSync(join(core.options.dataDir, 'content-packs', 'claims-pack'))).toBe(false);
    // The upload was not even claimed.
    expect(core.uploads.get(packUpload).originalName).toBe('claims-pack.zip');
  });
});

describe('cohort exports through the channels', () => {
  it('previews the count, exports the CSV with one correct row per session, and logs export_generated', async () => {
    const core = await startCore();
    const { ana, ben, sessions } = await seedSessions(core);
    const facilitatorId = await becomeFacilitator(core);

    const options = await core.handlers['workshop.filterOptions'](undefined);
    expect(options.totalSessions).toBe(4);
    expect(options.trainees.map((t) => [t.displayName, t.sessions])).toEqual([
      ['=Ben', 2],
      ['Ana', 2],
    ]);
    expect(options.scenarios.map((s) => [s.id, s.sessions])).toEqual(
      expect.arrayContaining([
        [SCENARIO, 3],
        [OTHER_SCENARIO, 1],
      ]),
    );

    expect(await core.handlers['workshop.previewSelection']({ filters: {} })).toEqual({ sessions: 4, completedSessions: 3, xapiStatements: 6 });
    expect(await core.handlers['workshop.previewSelection']({ filters: { userId: ana.id } })).toMatchObject({ sessions: 2, completedSessions: 1 });

    const outcome = await core.handlers['workshop.exportCohort']({ format: 'csv', filters: {} });
    expect(outcome).toMatchObject({ format: 'csv', records: 4, sessions: 4 });
    expect(outcome.fileName).toMatch(/^chattrain-cohort-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = downloaded(outcome.delivery).toString('utf8');
    const lines = csv.split('\r\n');
    expect(lines.at(-1)).toBe('');
    expect(lines[0]).toBe(cohortCsvColumns.join(','));
    const rows = lines.slice(1, -1).map((line) => line.split(','));
    expect(rows.map((row) => row[0]).sort()).toEqual([...sessions].sort());
    const column = (name: string) => cohortCsvColumns.indexOf(name as (typeof cohortCsvColumns)[number]);
    const anaOpen = rows.find((row) => row[0] === sessions[1])!;
    expect(anaOpen[column('trainee')]).toBe('Ana');
    expect(anaOpen[column('status')]).toBe('in_progress');
    expect(anaOpen[column('passed')]).toBe('');
    const benDone = rows.find((row) => row[0] === sessions[3])!;
    // A name starting with "=" is kept from running as a spreadsheet formula.
    expect(benDone[column('trainee')]).toBe("'=Ben");
    expect(benDone[column('scenario_id')]).toBe(OTHER_SCENARIO);
    expect(benDone[column('status')]).toBe('completed');
    expect(benDone[column('completion_reason')]).toBe('user_exit');

    expect(exports(core)).toEqual([
      {
        user_id: facilitatorId,
        details: expect.objectContaining({ kind: 'cohort_csv', format: 'csv', records: 4, sessions: 4, bytes: Buffer.byteLength(csv), delivered: 'download' }),
      },
    ]);

    const onlyBen = await core.handlers['workshop.exportCohort']({ format: 'csv', filters: { userId: ben.id, scenarioId: SCENARIO } });
    expect(onlyBen.records).toBe(1);
    expect(downloaded(onlyBen.delivery).toString('utf8')).toContain(sessions[2]!);
  });

  it('exports valid xAPI statements for the completed sessions only', async () => {
    const core = await startCore();
    const { sessions } = await seedSessions(core);
    await becomeFacilitator(core);
    const outcome = await core.handlers['workshop.exportCohort']({ format: 'xapi', filters: {}, xapi: { homePage: 'https://lms.example.org/people' } });
    expect(outcome.fileName).toMatch(/\.xapi\.json$/);
    const statements = JSON.parse(downloaded(outcome.delivery).toString('utf8')) as { context: { registration: string }; actor: { account: { homePage: string } } }[];
    expect(statements).toHaveLength(6);
    expect(outcome).toMatchObject({ records: 6, sessions: 3 });
    for (const statement of statements) expect(validateXapiStatement(statement)).toEqual([]);
    expect(new Set(statements.map((s) => s.context.registration))).toEqual(new Set([sessions[0], sessions[2], sessions[3]]));
    expect(statements[0]!.actor.account.homePage).toBe('https://lms.example.org/people');
    expect(exports(core)[0]?.details).toMatchObject({ kind: 'xapi_statements', records: 6 });
  });

  it('says so when nothing matches or a date is wrong, and logs nothing', async () => {
    const core = await startCore();
    await seedSessions(core);
    await becomeFacilitator(core);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString();
    expect(await core.handlers['workshop.previewSelection']({ filters: { from: tomorrow } })).toEqual({ sessions: 0, completedSessions: 0, xapiStatements: 0 });
    await expect(core.handlers['workshop.exportCohort']({ format: 'csv', filters: { from: tomorrow } })).rejects.toMatchObject({
      code: 'BAD_INPUT',
      message: 'No sessions match these filters; nothing was exported.',
    });
    await expect(core.handlers['workshop.exportCohort']({ format: 'csv', filters: { from: '2026-02-30' } })).rejects.toMatchObject({ code: 'BAD_INPUT', message: expect.stringContaining('not a valid date') });
    await expect(core.handlers['workshop.previewSelection']({ filters: { from: '2026-03-02', to: '2026-03-01' } })).rejects.toMatchObject({ code: 'BAD_INPUT', message: expect.stringContaining('empty') });
    await expect(core.handlers['workshop.exportBundle']({ filters: { from: tomorrow } })).rejects.toMatchObject({ code: 'BAD_INPUT' });
    expect(exports(core)).toEqual([]);
  });

  it('saves where the desktop user chose, and logs nothing when they cancel', async () => {
    const folder = tempFolder('chattrain-save-');
    let answer: string | null = join(folder, 'cohort.csv');
    const suggested: string[] = [];
    const core = await startCore({
      chooseSavePath: async (name) => {
        suggested.push(name);
        return answer;
      },
    });
    await seedSessions(core);
    await becomeFacilitator(core);
    const saved = await core.handlers['workshop.exportCohort']({ format: 'csv', filters: {} });
    expect(saved.delivery).toEqual({ kind: 'saved', path: join(folder, 'cohort.csv') });
    expect(readFileSync(join(folder, 'cohort.csv'), 'utf8').split('\r\n')).toHaveLength(6);
    expect(suggested[0]).toMatch(/^chattrain-cohort-.*\.csv$/);
    answer = null;
    const cancelled = await core.handlers['workshop.exportBundle']({ filters: {} });
    expect(cancelled.delivery).toEqual({ kind: 'cancelled' });
    expect(suggested[1]).toMatch(/^chattrain-sessions-.*\.chattrain-bundle$/);
    expect(exports(core).map((entry) => entry.details.kind)).toEqual(['cohort_csv']);
  });

  it('documents the CSV columns the exporter writes, in its order', () => {
    expect(cohortCsvColumnDocs.map((doc) => doc.column)).toEqual([...cohortCsvColumns]);
  });
});

describe('workshop bundles through the channels', () => {
  it('gathers sessions from one laptop onto another; importing again changes nothing', async () => {
    const laptopA = await startCore();
    const { sessions } = await seedSessions(laptopA);
    const exporter = await becomeFacilitator(laptopA);
    const exported = await laptopA.handlers['workshop.exportBundle']({ filters: {} });
    expect(exported.fileName).toMatch(/^chattrain-sessions-[a-z0-9-]+-\d{4}-\d{2}-\d{2}\.chattrain-bundle$/);
    expect(exported.counts).toMatchObject({ sessions: 4, users: 2 });
    expect(exported.counts.messages).toBeGreaterThan(8);
    expect(exports(laptopA)).toEqual([{ user_id: exporter, details: expect.objectContaining({ kind: 'workshop_bundle', sessions: 4, delivered: 'download' }) }]);
    const bundle = downloaded(exported.delivery);

    const laptopB = await startCore();
    await becomeFacilitator(laptopB, 'Gus');
    const first = await laptopB.handlers['workshop.importBundle']({ source: { kind: 'upload', uploadId: await upload(laptopB, bundle, exported.fileName) } });
    expect(first).not.toBeNull();
    expect(first!.fileName).toBe(exported.fileName);
    expect(first!.writtenBy.appVersion).toBe('0.1.0-test');
    expect(first!.contained).toEqual(exported.counts);
    expect(first!.counts.sessions).toEqual({ inserted: 4, updated: 0, skipped: 0 });
    expect(first!.counts.users).toEqual({ inserted: 2, updated: 0, skipped: 0 });
    expect(first!.counts.messages.inserted).toBe(exported.counts.messages);
    expect(first!.conflicts).toEqual([]);
    expect(first!.addedAsTrainees).toEqual([]);

    const onB = await laptopB.handlers['workshop.previewSelection']({ filters: {} });
    expect(onB.sessions).toBe(4);
    const csv = downloaded((await laptopB.handlers['workshop.exportCohort']({ format: 'csv', filters: {} })).delivery).toString('utf8');
    for (const id of sessions) expect(csv).toContain(id);

    const again = await laptopB.handlers['workshop.importBundle']({ source: { kind: 'upload', uploadId: await upload(laptopB, bundle, exported.fileName) } });
    for (const counts of Object.values(again!.counts)) expect(counts.inserted + counts.updated).toBe(0);
    expect(again!.counts.sessions.skipped).toBe(4);
    expect(tableCount(laptopB, 'sessions')).toBe(4);
  });

  it('refuses a tampered or truncated bundle and changes nothing', async () => {
    const laptopA = await startCore();
    await seedSessions(laptopA);
    await becomeFacilitator(laptopA);
    const bundle = downloaded((await laptopA.handlers['workshop.exportBundle']({ filters: {} })).delivery);

    const laptopB = await startCore();
    await becomeFacilitator(laptopB, 'Gus');
    const before = ['users', 'sessions', 'messages', 'feedback'].map((table) => tableCount(laptopB, table));

    const tampered = Buffer.from(bundle);
    tampered[tampered.length - 20] = tampered[tampered.length - 20]! ^ 0xff;
    await expect(laptopB.handlers['workshop.importBundle']({ source: { kind: 'upload', uploadId: await upload(laptopB, tampered, 'a.chattrain-bundle') } })).rejects.toMatchObject({
      code: 'BAD_INPUT',
      message: expect.stringMatching(/modified or damaged.*nothing was imported/),
    });
    const truncated = bundle.subarray(0, bundle.length - 100);
    await expect(laptopB.handlers['workshop.importBundle']({ source: { kind: 'upload', uploadId: await upload(laptopB, truncated, 'b.chattrain-bundle') } })).rejects.toMatchObject({
      message: expect.stringContaining('incomplete'),
    });
    await expect(laptopB.handlers['workshop.importBundle']({ source: { kind: 'upload', uploadId: await upload(laptopB, Buffer.from('hello'), 'c.txt') } })).rejects.toMatchObject({
      message: 'This file is not a ChatTrain workshop bundle.',
    });
    expect(['users', 'sessions', 'messages', 'feedback'].map((table) => tableCount(laptopB, table))).toEqual(before);
  });
});

describe('content packs through the channels', () => {
  const badScenario = minimalScenarioYaml('pack.bad').replace('    expected_keywords: [policy]\n', '    expected_keywords: [policy]\n    pass_score: 500\n');

  it('imports a good zip, lists it with its origin, shows it in the library, and removes it again', async () => {
    const core = await startCore();
    await becomeFacilitator(core);
    const changes = recordEvents(core);
    expect(await core.handlers['workshop.listPacks'](undefined)).toEqual([]);

    const outcome = await core.handlers['workshop.importPack']({ source: { kind: 'upload', uploadId: await upload(core, zipOf(goodPackFiles()), 'claims-pack.zip') }, kind: 'zip' });
    expect(outcome).toMatchObject({ ok: true, packId: 'claims-pack', name: 'Claims pack', sourceName: 'claims-pack.zip', sourceKind: 'zip', problems: [], replaced: false });
    expect(outcome!.scenarioIds.sort()).toEqual(['pack.alpha', 'pack.beta']);
    expect(changes).toHaveLength(1);
    expect(changes[0]!.loaded).toBe(2);

    const [listed] = await core.handlers['workshop.listPacks'](undefined);
    expect(listed).toMatchObject({ id: 'claims-pack', title: 'Claims pack', version: '1.2.0', origin: { kind: 'zip', name: 'claims-pack.zip', path: null }, trackIds: ['basics'] });
    expect(listed!.scenarios).toEqual(
      expect.arrayContaining([
        { id: 'pack.alpha', title: 'Scenario pack.alpha' },
        { id: 'pack.beta', title: 'Scenario pack.beta' },
      ]),
    );
    expect(listed!.importedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    const library = async () => (await core.handlers['scenarios.list'](undefined)).map((s) => s.id);
    expect(await library()).toEqual(expect.arrayContaining(['pack.alpha', 'pack.beta']));

    const removal = await core.handlers['workshop.removePack']({ packId: 'claims-pack' });
    expect(removal).toMatchObject({ removed: { id: 'claims-pack', scenarios: expect.arrayContaining([{ id: 'pack.alpha', title: 'Scenario pack.alpha' }]) }, scenariosRemoved: 2 });
    expect(changes).toHaveLength(2);
    expect(await library()).not.toContain('pack.alpha');
    expect(await core.handlers['workshop.listPacks'](undefined)).toEqual([]);
    await expect(core.handlers['workshop.removePack']({ packId: 'claims-pack' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('returns the located problems of a bad pack and installs nothing', async () => {
    const core = await startCore();
    await becomeFacilitator(core);
    const changes = recordEvents(core);
    const files = { ...goodPackFiles('bad-pack', ['pack.alpha']), 'pack.bad/scenario.yaml': badScenario };
    const outcome = await core.handlers['workshop.importPack']({ source: { kind: 'upload', uploadId: await upload(core, zipOf(files), 'bad-pack.zip') }, kind: 'zip' });
    expect(outcome!.ok).toBe(false);
    expect(outcome!.pack).toBeNull();
    const problem = outcome!.problems.find((p) => p.path.includes('pass_score'));
    expect(problem).toMatchObject({ file: 'bad-pack.zip/pack.bad/scenario.yaml', path: 'steps[0].pass_score' });
    expect(problem!.line).toBe(15);
    expect(problem!.column).toBeGreaterThan(1);
    expect(changes).toEqual([]);
    expect(await core.handlers['workshop.listPacks'](undefined)).toEqual([]);
    expect((await core.handlers['scenarios.list'](undefined)).map((s) => s.id)).not.toContain('pack.alpha');
  });

  it('refuses a zip whose entries escape the pack folder, and a folder without the desktop dialog', async () => {
    const core = await startCore();
    await becomeFacilitator(core);
    const slip = zipOf({ ...goodPackFiles('slip-pack', ['pack.alpha']), '../evil.txt': 'outside' });
    const outcome = await core.handlers['workshop.importPack']({ source: { kind: 'upload', uploadId: await upload(core, slip, 'slip-pack.zip') }, kind: 'zip' });
    expect(outcome!.ok).toBe(false);
    expect(outcome!.problems).toEqual([expect.objectContaining({ file: 'slip-pack.zip/../evil.txt', message: expect.stringContaining('".." segment') })]);
    expect(existsSync(join(core.options.dataDir, 'evil.txt'))).toBe(false);
    expect(existsSync(join(core.options.dataDir, 'content-packs', 'evil.txt'))).toBe(false);
    expect(await core.handlers['workshop.listPacks'](undefined)).toEqual([]);

    await expect(core.handlers['workshop.importPack']({ source: { kind: 'upload', uploadId: await upload(core, slip, 'x.zip') }, kind: 'folder' })).rejects.toMatchObject({
      code: 'BAD_INPUT',
      message: expect.stringContaining('desktop app'),
    });
  });

  it('imports a folder picked in the desktop dialog, keeping its path as the origin', async () => {
    const source = join(tempFolder('chattrain-pack-src-'), 'claims-pack');
    mkdirSync(source);
    for (const [name, text] of Object.entries(goodPackFiles())) {
      mkdirSync(join(source, name, '..'), { recursive: true });
      writeFileSync(join(source, name), text);
    }
    const asked: { directory?: boolean }[] = [];
    const core = await startCore({
      chooseOpenPath: async (request) => {
        asked.push(request);
        return source;
      },
    });
    await becomeFacilitator(core);
    const outcome = await core.handlers['workshop.importPack']({ source: { kind: 'dialog' }, kind: 'folder' });
    expect(asked[0]?.directory).toBe(true);
    expect(outcome).toMatchObject({ ok: true, sourceKind: 'folder', pack: { origin: { kind: 'folder', name: 'claims-pack', path: source } } });
  });
});
