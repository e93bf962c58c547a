import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../../../shared/errors';
import type { dataCareChannels } from '../../../shared/data-care/ipc';
import type { DataFolderInfo, RetentionSettings } from '../../../shared/data-care/types';
import type { Settings } from '../../../shared/settings/schema';
import { facilitatorRoles } from '../../../shared/people/types';
import type { CoreServices } from '../chattrain-core';
import { deliverFile } from '../files/deliver-file';
import { withReceivedFile } from '../files/receive-file';
import type { HandlersFor } from '../ipc/router';
import { log } from '../logging';
import { DATABASE_FILE } from '../paths';
import { readSettings, updateSettings } from '../settings/settings-store';
import { logActivity } from '../training/activity-log';
import { backupDatabase, backupsDir } from './backup';
import { findBackupEntry, listBackupEntries, newBackupPath, toBackupEntry } from './backup-entries';
import { moveLive, restoreLive } from './live-operations';
import { backupFileFilters, recoveryStatus } from './recovery-handlers';
import { applyRetentionFromSettings } from './retention';

const retentionOf = (settings: Settings): RetentionSettings => ({
  abandonedDays: settings.retentionAbandonedDays,
  activityDays: settings.retentionActivityDays,
  pruneAtStartup: settings.retentionPruneAtStartup,
});

async function sizeOf(path: string): Promise<number> {
  return existsSync(path) ? (await stat(path)).size : 0;
}

/**
 * Binds the data-care channels (`shared/data-care/ipc.ts`) to the core's services. Every
 * `dataCare.*` channel is for facilitators and trainers; `recovery.*` only matters while
 * the core is in recovery (see recovery-handlers.ts) and here says that all is well.
 */
export function dataCareHandlers(core: CoreServices): HandlersFor<typeof dataCareChannels> {
  const { db } = core.database;
  const facilitator = () => core.people.require(facilitatorRoles);
  const now = () => core.options.now?.() ?? new Date();
  const notInRecovery = () => {
    throw new AppError('CONFLICT', 'The database is fine; restore a backup from the Data care screen instead.');
  };

  return {
    'dataCare.info': async (): Promise<DataFolderInfo> => {
      await facilitator();
      const { dataDir } = core.options;
      const databasePath = join(dataDir, DATABASE_FILE);
      const backups = await listBackupEntries(dataDir);
      return {
        dataDir,
        databasePath,
        databaseBytes: (await sizeOf(databasePath)) + (await sizeOf(`${databasePath}-wal`)),
        backupsDir: backupsDir(dataDir),
        lastBackupAt: backups.reduce<string | null>((latest, backup) => (latest === null || backup.createdAt > latest ? backup.createdAt : latest), null),
        backups,
        homeDir: core.data.homeDir,
        folderPicker: core.options.chooseOpenPath ? 'dialog' : 'typed',
        retention: retentionOf(await readSettings(db)),
      };
    },

    'dataCare.backupNow': async () => {
      const viewer = await facilitator();
      const result = await backupDatabase(core.database, newBackupPath(core.options.dataDir, now()));
      const { size, mtime } = await stat(result.path);
      await logActivity(db, { type: 'export_generated', userId: viewer.id, details: { kind: 'database_backup', destination: 'backups_folder', bytes: size } });
      log.info('backup made', { bytes: size, durationMs: result.durationMs });
      return {
        backup: toBackupEntry(core.options.dataDir, { path: result.path, kind: 'manual', bytes: size, modifiedAt: mtime.toISOString() }),
        durationMs: result.durationMs,
      };
    },

    'dataCare.saveBackupCopy': async ({ backupId }) => {
      const viewer = await facilitator();
      const backup = await findBackupEntry(core.options.dataDir, backupId);
      const bytes = await readFile(backup.path);
      const fileName = backup.fileName.endsWith('.db') ? backup.fileName : `${backup.fileName}.db`;
      const delivery = await deliverFile(core.options.chooseSavePath, { fileName, mimeType: 'application/vnd.sqlite3', bytes, formatName: 'ChatTrain backup', extension: 'db' });
      if (delivery.kind !== 'cancelled') {
        await logActivity(db, { type: 'export_generated', userId: viewer.id, details: { kind: 'database_backup', destination: delivery.kind, bytes: bytes.length } });
      }
      return delivery;
    },

    'dataCare.restore': async ({ from }) => {
      await facilitator();
      if (from.kind === 'backup') {
        const backup = await findBackupEntry(core.options.dataDir, from.backupId);
        return restoreLive(core.data, backup.path, now());
      }
      return withReceivedFile(
        from.source,
        { title: 'Restore a ChatTrain backup', filters: backupFileFilters },
        { chooseOpenPath: core.options.chooseOpenPath, uploads: core.uploads },
        (file) => restoreLive(core.data, file.path, now()),
      );
    },

    'dataCare.setRetention': async ({ abandonedDays, activityDays, pruneAtStartup }) => {
      await facilitator();
      const settings = await updateSettings(db, { retentionAbandonedDays: abandonedDays, retentionActivityDays: activityDays, retentionPruneAtStartup: pruneAtStartup });
      return retentionOf(settings);
    },

    'dataCare.pruneNow': async () => {
      await facilitator();
      const result = await applyRetentionFromSettings(db, now());
      log.info('retention applied', { abandonedSessions: result.abandonedSessions, activityRows: result.activityRows });
      return result;
    },

    'dataCare.moveDataDir': async ({ target }) => {
      await facilitator();
      if (target.kind === 'path') return moveLive(core.data, target.path, now());
      if (!core.options.chooseOpenPath) throw new AppError('BAD_INPUT', 'There is no folder dialog in browser mode: type the full path of the new folder.');
      return withReceivedFile(
        target,
        { title: 'Choose the new data folder', filters: [], directory: true },
        { chooseOpenPath: core.options.chooseOpenPath, uploads: core.uploads },
        (folder) => moveLive(core.data, folder.path, now()),
      );
    },

    'recovery.status': () => recoveryStatus(core.data),
    'recovery.restoreLatest': notInRecovery,
    'recovery.restoreFrom': notInRecovery,
    'recovery.startFresh': notInRecovery,
  };
}
