import { platform } from 'node:os';
import { join } from 'node:path';
import { AppError } from '../../../shared/errors';
import type { RecoveryStatus } from '../../../shared/data-care/types';
import type { CoreOptions, DataControl } from '../chattrain-core';
import { withReceivedFile } from '../files/receive-file';
import type { UploadStore } from '../files/uploads';
import type { IpcHandlers } from '../ipc/router';
import { DATABASE_FILE, PRODUCT_NAME } from '../paths';
import { findLatestBackup } from './backup';
import { toBackupEntry } from './backup-entries';
import { restoreLive, startFreshLive } from './live-operations';

type RecoveryChannel = 'app.info' | 'recovery.status' | 'recovery.restoreLatest' | 'recovery.restoreFrom' | 'recovery.startFresh';

export interface RecoveryHost {
  data: DataControl;
  uploads: UploadStore;
  options(): CoreOptions;
}

/** The restore dialog's filter: backups made here are `.db`; copies kept before an update `.bak`. */
export const backupFileFilters = [{ name: 'ChatTrain backup', extensions: ['db', 'bak', 'sqlite', 'sqlite3'] }];

/** What the database would say if anyone could read it: the state of a failed start-up check. */
export async function recoveryStatus(data: DataControl): Promise<RecoveryStatus> {
  const problem = data.recovery;
  if (!problem) return { state: 'ok' };
  const latest = await findLatestBackup(data.dataDir);
  return {
    state: 'recovery',
    problem,
    dataDir: data.dataDir,
    databasePath: join(data.dataDir, DATABASE_FILE),
    latestBackup: latest ? toBackupEntry(data.dataDir, latest) : null,
  };
}

/**
 * The channels that answer while the core is in recovery (the start-up check failed, no
 * database is open). No profile can be read then, so they ask for no role: whoever is at
 * the computer may restore the latest backup, another backup file, or start empty. The
 * damaged file is always kept.
 */
export function recoveryHandlers(host: RecoveryHost): Pick<IpcHandlers, RecoveryChannel> {
  const now = () => host.options().now?.() ?? new Date();
  return {
    'app.info': () => {
      const options = host.options();
      return {
        name: PRODUCT_NAME,
        version: options.appVersion,
        mode: options.mode,
        dataDir: options.dataDir,
        databasePath: join(options.dataDir, DATABASE_FILE),
        platform: platform(),
      };
    },
    'recovery.status': () => recoveryStatus(host.data),
    'recovery.restoreLatest': async () => {
      const latest = await findLatestBackup(host.data.dataDir);
      if (!latest) throw new AppError('NOT_FOUND', `There is no sound backup in ${host.data.dataDir}. Restore from a backup file instead, or start with an empty database.`);
      return restoreLive(host.data, latest.path, now());
    },
    'recovery.restoreFrom': ({ source }) =>
      withReceivedFile(
        source,
        { title: 'Restore a ChatTrain backup', filters: backupFileFilters },
        { chooseOpenPath: host.options().chooseOpenPath, uploads: host.uploads },
        (file) => restoreLive(host.data, file.path, now()),
      ),
    'recovery.startFresh': () => startFreshLive(host.data, now()),
  };
}
