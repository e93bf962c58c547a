import type { FileSource } from '../../../shared/files/types';
import type { MoveTarget, RestoreSource } from '../../../shared/data-care/ipc';
import type { DataFolderInfo, PruneOutcome, RecoveryStatus, RestoreOutcome, RetentionSettings } from '../../../shared/data-care/types';
import type { Profile, ProfileDeletion } from '../../../shared/people/types';
import { formatBytes } from '../data-care/format';
import { receiveDelivery } from '../files/choose-file';
import { invoke } from '../ipc/client';
import { plural } from '../ui/format';
import { describeError, errorCode } from './errors';
import type { ActionState, LoadStatus, SliceCreator } from './types';

/** A button press on the Data care or recovery screen, and what came of it in words. */
export interface DataCareAction extends ActionState {
  message: string | null;
}

const idle: DataCareAction = { status: 'idle', error: null, message: null };
const running: DataCareAction = { status: 'running', error: null, message: null };
const done = (message: string): DataCareAction => ({ status: 'done', error: null, message });
const failed = (error: unknown): DataCareAction => ({ status: 'error', error: describeError(error), message: null });

export interface DataCareSlice {
  dataInfo: DataFolderInfo | null;
  dataInfoLoad: LoadStatus;
  dataInfoError: string | null;
  /** Main refused: the active profile is not a facilitator or trainer. */
  dataInfoDenied: boolean;
  /** Every profile, for "delete all data of a profile". */
  dataProfiles: Profile[];

  /** "Back up now" and "Save a copy". */
  backupAction: DataCareAction;
  restoreAction: DataCareAction;
  /** "Save" and "Prune now" (whose message says what was removed, in numbers). */
  retentionAction: DataCareAction;
  moveAction: DataCareAction;
  eraseAction: DataCareAction;

  /** Whether start-up found the database damaged (null until asked). */
  recovery: RecoveryStatus | null;
  recoveryAction: DataCareAction;

  /** Loads the data folder, its backups, the retention settings and the profiles. */
  loadDataCare(): Promise<void>;
  backupNow(): Promise<void>;
  saveBackupCopy(backupId: string): Promise<void>;
  /** Resolves true when the data was replaced. */
  restoreData(from: RestoreSource): Promise<boolean>;
  saveRetention(retention: RetentionSettings): Promise<boolean>;
  pruneNow(): Promise<void>;
  moveDataFolder(target: MoveTarget): Promise<boolean>;
  deleteProfileData(profileId: string, removeProfile: boolean): Promise<ProfileDeletion | null>;
  /** Forgets the outcome messages (leaving the screen, closing a dialog). */
  resetDataCareActions(): void;

  checkRecovery(): Promise<void>;
  restoreLatestBackup(): Promise<void>;
  restoreFromFileInRecovery(source: FileSource): Promise<void>;
  startWithEmptyData(): Promise<void>;
}


export function describeRestore(outcome: RestoreOutcome): string {
  return `Restored ${outcome.restoredFrom}: ${plural(outcome.profiles, 'profile')} and ${plural(outcome.sessions, 'session')}.`;
}

export function describePrune(result: PruneOutcome): string {
  if (result.abandonedSessions === 0 && result.activityRows === 0) return 'Nothing was old enough to remove.';
  return `Removed ${plural(result.abandonedSessions, 'abandoned session')} and ${plural(result.activityRows, 'activity row')}.`;
}

/** Starts the page again on the library (after leaving recovery); tests replace it. */
export const pageRestart = {
  restart: () => {
    window.history.replaceState(null, '', `${window.location.pathname}${window.location.search}`);
    window.location.reload();
  },
};
const restartPage = () => pageRestart.restart();

export const createDataCareSlice: SliceCreator<DataCareSlice> = (set, get) => {
  let infoRequest = 0;

  /** After the data under the app changed (restore, move, recovery): everything shown is read again. */
  const refreshAfterDataChange = async () => {
    const state = get();
    await Promise.allSettled([state.loadShell(), state.loadScenarios({ quiet: true }), state.loadResumable(), state.sessionId ? state.syncSession() : Promise.resolve()]);
  };

  /** Runs one of the screen's actions, keeping its state in `key`; resolves to the value, or null when it failed. */
  const act = async <T>(key: 'backupAction' | 'restoreAction' | 'retentionAction' | 'moveAction' | 'eraseAction', work: () => Promise<T>, message: (value: T) => string | null): Promise<T | null> => {
    if (get()[key].status === 'running') return null;
    set({ [key]: running } as Partial<DataCareSlice>);
    try {
      const value = await work();
      const text = message(value);
      set({ [key]: text === null ? idle : done(text) } as Partial<DataCareSlice>);
      return value;
    } catch (error) {
      set({ [key]: failed(error) } as Partial<DataCareSlice>);
      return null;
    }
  };

  /**
   * A way out of recovery. When it worked, the page starts again from the library, as on a
   * normal start: every part of it then reads the restored data.
   */
  const recoveryStep = async <T>(work: () => Promise<T | null>, message: (value: T) => string) => {
    if (get().recoveryAction.status === 'running') return;
    set({ recoveryAction: running });
    try {
      const value = await work();
      if (value === null) {
        set({ recoveryAction: idle });
        return;
      }
      set({ recoveryAction: done(message(value)) });
      restartPage();
    } catch (error) {
      set({ recoveryAction: failed(error) });
      // The state may have changed (e.g. a backup turned out damaged too): show what main says now.
      void get().checkRecovery();
    }
  };

  return {
    dataInfo: null,
    dataInfoLoad: 'idle',
    dataInfoError: null,
    dataInfoDenied: false,
    dataProfiles: [],
    backupAction: idle,
    restoreAction: idle,
    retentionAction: idle,
    moveAction: idle,
    eraseAction: idle,
    recovery: null,
    recoveryAction: idle,

    async loadDataCare() {
      const request = ++infoRequest;
      if (get().dataInfoLoad !== 'ready') set({ dataInfoLoad: 'loading', dataInfoError: null });
      try {
        const [info, profiles] = await Promise.all([invoke('dataCare.info'), invoke('profiles.list')]);
        if (request !== infoRequest) return;
        set({ dataInfo: info, dataProfiles: profiles, dataInfoLoad: 'ready', dataInfoError: null, dataInfoDenied: false });
      } catch (error) {
        if (request !== infoRequest) return;
        set({ dataInfoLoad: 'error', dataInfoError: describeError(error), dataInfoDenied: errorCode(error) === 'UNAUTHORIZED' });
      }
    },

    async backupNow() {
      const made = await act('backupAction', () => invoke('dataCare.backupNow'), ({ backup }) => `Backed up to ${backup.fileName} (${formatBytes(backup.bytes)}, integrity checked).`);
      if (made) await get().loadDataCare();
    },

    async saveBackupCopy(backupId) {
      await act('backupAction', () => invoke('dataCare.saveBackupCopy', { backupId }), receiveDelivery);
    },

    async restoreData(from) {
      const outcome = await act('restoreAction', () => invoke('dataCare.restore', { from }), (value) => (value ? describeRestore(value) : null));
      if (!outcome) return false;
      // What the other cards said was about the data before; the restore message stays.
      set({ backupAction: idle, retentionAction: idle, moveAction: idle, eraseAction: idle });
      await refreshAfterDataChange();
      await get().loadDataCare();
      return true;
    },

    async saveRetention(retention) {
      const saved = await act('retentionAction', () => invoke('dataCare.setRetention', retention), () => 'Retention settings saved.');
      if (!saved) return false;
      const info = get().dataInfo;
      if (info) set({ dataInfo: { ...info, retention: saved } });
      return true;
    },

    async pruneNow() {
      const result = await act('retentionAction', () => invoke('dataCare.pruneNow'), describePrune);
      if (result) await refreshAfterDataChange();
    },

    async moveDataFolder(target) {
      const outcome = await act('moveAction', () => invoke('dataCare.moveDataDir', { target }), (value) =>
        value
          ? `Moved ${plural(value.rows, 'row')} and ${plural(value.files, 'other file')} (${formatBytes(value.bytes)}) to ${value.to}.` +
            (value.oldRemoved ? ' The old copy was removed.' : ` The old copy could not be removed; delete ${value.from} yourself.`)
          : null,
      );
      if (!outcome) return false;
      await refreshAfterDataChange();
      await get().loadDataCare();
      return true;
    },

    async deleteProfileData(profileId, removeProfile) {
      const deletion = await act('eraseAction', () => invoke('profiles.deleteData', { profileId, removeProfile }), (value) => {
        const what = `${plural(value.sessions, 'session')}, ${plural(value.messages, 'message')}, ${plural(value.goals, 'goal')}, ${plural(value.reflections, 'reflection')} and ${plural(value.activity, 'activity row')}`;
        return value.profileRemoved ? `Deleted the profile with ${what}.` : `Deleted ${what}. The profile itself is kept.`;
      });
      if (deletion) {
        await refreshAfterDataChange();
        await get().loadDataCare();
      }
      return deletion;
    },

    resetDataCareActions() {
      set({ backupAction: idle, restoreAction: idle, retentionAction: idle, moveAction: idle, eraseAction: idle });
    },

    async checkRecovery() {
      try {
        set({ recovery: await invoke('recovery.status') });
      } catch {
        // An older main without the channel, or no answer: assume all is well; every screen reports its own errors.
        set({ recovery: { state: 'ok' } });
      }
    },

    async restoreLatestBackup() {
      await recoveryStep(() => invoke('recovery.restoreLatest'), describeRestore);
    },

    async restoreFromFileInRecovery(source) {
      await recoveryStep(() => invoke('recovery.restoreFrom', { source }), describeRestore);
    },

    async startWithEmptyData() {
      await recoveryStep(() => invoke('recovery.startFresh'), (value) => `Started with empty data. The damaged file is kept as ${value.keptAs}.`);
    },
  };
};
