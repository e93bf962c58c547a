import { useState } from 'react';
import type { BackupEntry, DataFolderInfo } from '../../../shared/data-care/types';
import { chooseFile, UploadError } from '../files/choose-file';
import { useAppStore } from '../store';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { formatDate, formatDateTime, formatTime } from '../ui/format';
import { DownloadIcon, RefreshIcon, ShieldIcon, Spinner } from '../ui/icons';
import { ActionOutcome } from './ActionOutcome';
import { backupKindLabels, formatBytes } from './format';

/** Accepted by the browser's file picker when restoring from a file. */
const BACKUP_ACCEPT = '.db,.bak,.sqlite,.sqlite3';

type RestoreChoice = { kind: 'backup'; backup: BackupEntry } | { kind: 'file' };

/** "Back up now", the list of backups, and restoring one of them or a file. */
export function BackupsCard({ info }: { info: DataFolderInfo }) {
  const backupAction = useAppStore((state) => state.backupAction);
  const restoreAction = useAppStore((state) => state.restoreAction);
  const backupNow = useAppStore((state) => state.backupNow);
  const saveBackupCopy = useAppStore((state) => state.saveBackupCopy);
  const restoreData = useAppStore((state) => state.restoreData);
  const mode = useAppStore((state) => state.appInfo?.mode);
  const [confirming, setConfirming] = useState<RestoreChoice | null>(null);
  const [dialogError, setDialogError] = useState<string | null>(null);
  const backingUp = backupAction.status === 'running';
  const restoring = restoreAction.status === 'running';
  const latest = info.backups[0] ?? null;

  const restore = async () => {
    if (!confirming) return;
    setDialogError(null);
    let replaced: boolean;
    if (confirming.kind === 'backup') {
      replaced = await restoreData({ kind: 'backup', backupId: confirming.backup.id });
    } else {
      let source;
      try {
        source = await chooseFile(mode, { accept: BACKUP_ACCEPT });
      } catch (error) {
        setDialogError(error instanceof UploadError ? error.message : 'The file could not be handed to ChatTrain.');
        return;
      }
      if (!source) return;
      replaced = await restoreData({ kind: 'file', source });
    }
    const state = useAppStore.getState().restoreAction;
    if (replaced || state.status !== 'error') setConfirming(null);
    else setDialogError(state.error);
  };

  return (
    <section className="dc-card" aria-labelledby="dc-backups-title" data-testid="backups-card">
      <div className="dc-card-head">
        <h2 id="dc-backups-title">Backups</h2>
        <span className={latest ? 'dc-pill dc-pill-ok' : 'dc-pill dc-pill-warn'} data-testid="last-backup">
          {latest ? `Last: ${formatDateTime(latest.createdAt)}` : 'No backup yet'}
        </span>
      </div>
      <p className="dc-intro">
        A backup is a checked, complete copy of the database (profiles, sessions, goals, settings) in <code className="dc-path-inline">{info.backupsDir}</code>. Save a copy to
        a USB stick or another disk so a broken laptop does not take the only copy with it.
      </p>
      <div className="dc-actions">
        <button type="button" className="btn btn-primary" data-testid="backup-now" onClick={() => void backupNow()} disabled={backingUp} aria-busy={backingUp}>
          {backingUp ? <Spinner /> : <ShieldIcon size={15} />}
          {backingUp ? 'Backing up…' : 'Back up now'}
        </button>
        <button
          type="button"
          className="btn btn-secondary"
          data-testid="restore-from-file"
          onClick={() => {
            setDialogError(null);
            setConfirming({ kind: 'file' });
          }}
          disabled={restoring}
        >
          <RefreshIcon size={15} />
          Restore from a file…
        </button>
      </div>
      <ActionOutcome action={backupAction} testId="backup" />
      <ActionOutcome action={restoreAction} testId="restore" />

      {info.backups.length === 0 ? (
        <p className="dc-empty" data-testid="no-backups">
          No backups yet. “Back up now” makes the first one; ChatTrain also keeps a copy automatically before an update changes the database.
        </p>
      ) : (
        <div className="table-wrap dc-table-wrap">
          <table className="data-table dc-table" data-testid="backup-list">
            <caption className="visually-hidden">Backups in the data folder, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Made</th>
                <th scope="col">Kind</th>
                <th scope="col" className="num">
                  Size
                </th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {info.backups.map((backup) => (
                <tr key={backup.id} data-testid="backup-row" data-backup-id={backup.id}>
                  <td className="dc-made">
                    {/* Date and time each stay whole when the column is narrow. */}
                    <span className="dc-when">
                      <span>{formatDate(backup.createdAt)},</span> <span>{formatTime(backup.createdAt)}</span>
                    </span>
                    <span className="dc-file" title={backup.path}>
                      {backup.fileName}
                    </span>
                  </td>
                  <td>
                    <span className={`dc-kind dc-kind-${backup.kind}`}>{backupKindLabels[backup.kind]}</span>
                  </td>
                  <td className="num">{formatBytes(backup.bytes)}</td>
                  <td className="dc-row-actions">
                    <button
                      type="button"
                      className="btn btn-ghost btn-small"
                      data-testid="save-backup-copy"
                      onClick={() => void saveBackupCopy(backup.id)}
                      disabled={backingUp}
                      aria-label={`Save a copy of the backup from ${formatDateTime(backup.createdAt)}`}
                    >
                      <DownloadIcon size={14} />
                      {mode === 'desktop' ? 'Save a copy…' : 'Download'}
                    </button>
                    <button
                      type="button"
                      className="btn btn-secondary btn-small"
                      data-testid="restore-backup"
                      onClick={() => {
                        setDialogError(null);
                        setConfirming({ kind: 'backup', backup });
                      }}
                      disabled={restoring}
                      aria-label={`Restore the backup from ${formatDateTime(backup.createdAt)}`}
                    >
                      Restore…
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <ConfirmDialog
        open={confirming !== null}
        title={confirming?.kind === 'backup' ? `Restore the backup from ${formatDateTime(confirming.backup.createdAt)}?` : 'Restore from a backup file?'}
        confirmLabel={confirming?.kind === 'backup' ? 'Replace the data with this backup' : 'Choose the file and restore'}
        busyLabel="Restoring…"
        danger
        busy={restoring}
        error={dialogError}
        onConfirm={() => void restore()}
        onCancel={() => setConfirming(null)}
        testId="restore-dialog"
      >
        <p>
          All data on this computer — profiles, sessions, goals and settings — is replaced by the backup’s. Anything recorded since{' '}
          {confirming?.kind === 'backup' ? 'that backup' : 'the backup was made'} is no longer shown.
        </p>
        <p>
          A copy of the current data is saved first and listed here as “{backupKindLabels['before-restore']}”, so this can be undone. The file is checked before anything is
          replaced: a damaged file or one that is not a ChatTrain backup changes nothing.
        </p>
      </ConfirmDialog>
    </section>
  );
}
