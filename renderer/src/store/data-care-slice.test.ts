import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { BackupEntry, DataFolderInfo, RestoreOutcome } from '../../../shared/data-care/types';
import { scripted } from './testing/scripted-ipc';

const { calls } = scripted;

vi.mock('../ipc/client', () => import('./testing/scripted-ipc').then((m) => m.clientModule));

const { useAppStore } = await import('./index');
const { IpcError } = await import('../ipc/client');
const { pageRestart } = await import('./data-care-slice');

const backup: BackupEntry = {
  id: 'backups/chattrain-2026-03-02T09-00-00-000Z.db',
  fileName: 'chattrain-2026-03-02T09-00-00-000Z.db',
  path: '/data/backups/chattrain-2026-03-02T09-00-00-000Z.db',
  kind: 'manual',
  bytes: 2_400_000,
  createdAt: '2026-03-02T09:00:00.000Z',
};
const info = (backups: BackupEntry[] = []): DataFolderInfo => ({
  dataDir: '/data',
  databasePath: '/data/chattrain.db',
  databaseBytes: 3_000_000,
  backupsDir: '/data/backups',
  lastBackupAt: backups[0]?.createdAt ?? null,
  backups,
  homeDir: '/data',
  folderPicker: 'typed',
  retention: { abandonedDays: 90, activityDays: 365, pruneAtStartup: false },
});
const restored: RestoreOutcome = { restoredFrom: backup.fileName, safetyBackup: null, previousKeptAs: '/data/chattrain.db.before-restore-x', profiles: 4, sessions: 1 };
const initialState = useAppStore.getState();

/** Answers the channels the slice reads around its actions. */
function answer(overrides: Record<string, (input: unknown) => unknown>) {
  scripted.handler = async (channel, input) => {
    if (overrides[channel]) return overrides[channel](input);
    if (channel === 'dataCare.info') return info([backup]);
    if (channel === 'profiles.list' || channel === 'scenarios.list' || channel === 'sessions.resumable') return [];
    if (channel === 'settings.get') return { theme: 'system' };
    return undefined;
  };
}

beforeEach(() => {
  calls.length = 0;
  useAppStore.setState(initialState, true);
  answer({});
});

describe('data care slice', () => {
  it('loads the folder and the profiles; a trainee is told it is closed to them', async () => {
    await useAppStore.getState().loadDataCare();
    expect(useAppStore.getState()).toMatchObject({ dataInfoLoad: 'ready', dataInfo: info([backup]), dataInfoDenied: false });

    useAppStore.setState(initialState, true);
    answer({
      'dataCare.info': () => {
        throw new IpcError('UNAUTHORIZED', 'This needs a facilitator or trainer profile.');
      },
    });
    await useAppStore.getState().loadDataCare();
    expect(useAppStore.getState()).toMatchObject({ dataInfoLoad: 'error', dataInfoDenied: true, dataInfoError: 'This needs a facilitator or trainer profile.' });
  });

  it('backs up now, says where in numbers, and reads the list again', async () => {
    answer({ 'dataCare.backupNow': () => ({ backup, durationMs: 40 }) });
    await useAppStore.getState().backupNow();
    expect(useAppStore.getState().backupAction).toEqual({ status: 'done', error: null, message: `Backed up to ${backup.fileName} (2.3 MB, integrity checked).` });
    expect(calls.map((call) => call.channel)).toEqual(['dataCare.backupNow', 'dataCare.info', 'profiles.list']);
  });

  it('restores, then reads everything shown again and forgets what the other cards said about the old data', async () => {
    useAppStore.setState({ retentionAction: { status: 'done', error: null, message: 'Removed 3 abandoned sessions and 0 activity rows.' } });
    answer({ 'dataCare.restore': () => restored });
    expect(await useAppStore.getState().restoreData({ kind: 'backup', backupId: backup.id })).toBe(true);
    const state = useAppStore.getState();
    expect(state.restoreAction.message).toBe(`Restored ${backup.fileName}: 4 profiles and 1 session.`);
    expect(state.retentionAction.status).toBe('idle');
    expect(calls[0]).toEqual({ channel: 'dataCare.restore', input: { from: { kind: 'backup', backupId: backup.id } } });
    expect(calls.map((call) => call.channel)).toEqual(expect.arrayContaining(['app.info', 'scenarios.list', 'sessions.resumable', 'dataCare.info']));
  });

  it('keeps main’s refusal of a restore, and treats a cancelled file dialog as nothing happening', async () => {
    answer({
      'dataCare.restore': () => {
        throw new IpcError('DATABASE_CORRUPT', '/tmp/x.db is damaged or is not a database; choose another backup. Nothing was changed.');
      },
    });
    expect(await useAppStore.getState().restoreData({ kind: 'file', source: { kind: 'dialog' } })).toBe(false);
    expect(useAppStore.getState().restoreAction).toMatchObject({ status: 'error', error: expect.stringContaining('Nothing was changed') });

    answer({ 'dataCare.restore': () => null });
    expect(await useAppStore.getState().restoreData({ kind: 'file', source: { kind: 'dialog' } })).toBe(false);
    expect(useAppStore.getState().restoreAction.status).toBe('idle');
  });

  it('reports a move and a profile’s deleted data in numbers', async () => {
    answer({ 'dataCare.moveDataDir': () => ({ from: '/data', to: '/usb/ct', files: 3, bytes: 5_000_000, rows: 1234, oldRemoved: true }) });
    expect(await useAppStore.getState().moveDataFolder({ kind: 'path', path: '/usb/ct' })).toBe(true);
    expect(useAppStore.getState().moveAction.message).toBe('Moved 1,234 rows and 3 other files (4.8 MB) to /usb/ct. The old copy was removed.');

    answer({ 'profiles.deleteData': () => ({ profileId: 'p', sessions: 2, messages: 31, goals: 1, reflections: 0, activity: 12, profileRemoved: true }) });
    await useAppStore.getState().deleteProfileData('p', true);
    expect(useAppStore.getState().eraseAction.message).toBe('Deleted the profile with 2 sessions, 31 messages, 1 goal, 0 reflections and 12 activity rows.');
  });

  it('leaves recovery by starting the page again once the latest backup is restored; a failure stays on the screen', async () => {
    const restart = vi.spyOn(pageRestart, 'restart').mockImplementation(() => undefined);
    answer({ 'recovery.status': () => ({ state: 'recovery', problem: { kind: 'damaged', message: 'Damaged.', details: [] }, dataDir: '/d', databasePath: '/d/chattrain.db', latestBackup: backup }) });
    await useAppStore.getState().checkRecovery();
    expect(useAppStore.getState().recovery?.state).toBe('recovery');

    answer({
      'recovery.restoreLatest': () => {
        throw new IpcError('DATABASE_CORRUPT', 'That backup is damaged too.');
      },
      'recovery.status': () => ({ state: 'recovery', problem: { kind: 'damaged', message: 'Damaged.', details: [] }, dataDir: '/d', databasePath: '/d/chattrain.db', latestBackup: null }),
    });
    await useAppStore.getState().restoreLatestBackup();
    expect(useAppStore.getState().recoveryAction).toMatchObject({ status: 'error', error: 'That backup is damaged too.' });
    expect(restart).not.toHaveBeenCalled();

    answer({ 'recovery.restoreLatest': () => restored });
    await useAppStore.getState().restoreLatestBackup();
    expect(restart).toHaveBeenCalledOnce();
    expect(useAppStore.getState().recoveryAction.message).toBe(`Restored ${backup.fileName}: 4 profiles and 1 session.`);
    restart.mockRestore();
  });
});
