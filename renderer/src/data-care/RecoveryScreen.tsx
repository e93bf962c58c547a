import { useEffect, useRef, useState } from 'react';
import type { RecoveryStatus } from '../../../shared/data-care/types';
import { chooseFile, UploadError } from '../files/choose-file';
import { useAppStore } from '../store';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { formatDateTime } from '../ui/format';
import { AlertIcon, RefreshIcon, ShieldIcon, Spinner } from '../ui/icons';
import { ActionOutcome } from './ActionOutcome';
import { backupKindLabels, formatBytes } from './format';
import './data-care.css';

type Recovery = Extract<RecoveryStatus, { state: 'recovery' }>;

/**
 * Shown instead of every other screen when start-up found the database damaged: what is
 * wrong, and the ways out (restore the latest backup, restore a file, start empty). The
 * damaged file is always kept.
 */
export function RecoveryScreen({ status }: { status: Recovery }) {
  const action = useAppStore((state) => state.recoveryAction);
  const mode = useAppStore((state) => state.appInfo?.mode);
  const restoreLatestBackup = useAppStore((state) => state.restoreLatestBackup);
  const restoreFromFileInRecovery = useAppStore((state) => state.restoreFromFileInRecovery);
  const startWithEmptyData = useAppStore((state) => state.startWithEmptyData);
  const [fileError, setFileError] = useState<string | null>(null);
  const [confirmEmpty, setConfirmEmpty] = useState(false);
  const titleRef = useRef<HTMLHeadingElement>(null);
  const busy = action.status === 'running';
  const latest = status.latestBackup;

  useEffect(() => {
    document.title = 'The data needs attention · ChatTrain';
    titleRef.current?.focus({ preventScroll: true });
  }, []);

  const restoreFile = async () => {
    setFileError(null);
    try {
      const source = await chooseFile(mode, { accept: '.db,.bak,.sqlite,.sqlite3' });
      if (source) await restoreFromFileInRecovery(source);
    } catch (error) {
      setFileError(error instanceof UploadError ? error.message : 'The file could not be handed to ChatTrain.');
    }
  };

  return (
    <main className="page dc-page dc-recovery" data-testid="recovery-screen" aria-labelledby="recovery-title">
      <section className="dc-recovery-card" aria-describedby="recovery-problem">
        <div className="dc-recovery-icon" aria-hidden="true">
          <AlertIcon size={28} />
        </div>
        <h1 id="recovery-title" ref={titleRef} tabIndex={-1}>
          {status.problem.kind === 'foreign' ? 'This is not a ChatTrain database' : 'The database is damaged'}
        </h1>
        <p id="recovery-problem" className="dc-recovery-lead" data-testid="recovery-problem">
          {status.problem.message} ChatTrain did not open it, so nothing more was written to it.
        </p>
        <p className="dc-label">The file</p>
        <code className="dc-path">{status.databasePath}</code>
        {status.problem.details.length > 0 && (
          <details className="dc-details">
            <summary>What the integrity check reported</summary>
            <ul>
              {status.problem.details.map((line) => (
                <li key={line}>
                  <code>{line}</code>
                </li>
              ))}
            </ul>
          </details>
        )}

        <h2 className="dc-recovery-h2">Restore the latest backup</h2>
        {latest ? (
          <div className="dc-latest" data-testid="latest-backup">
            <div>
              <p className="dc-latest-when">{formatDateTime(latest.createdAt)}</p>
              <p className="muted">
                {backupKindLabels[latest.kind]} · {formatBytes(latest.bytes)} · <span className="dc-file">{latest.fileName}</span>
              </p>
            </div>
            <button type="button" className="btn btn-primary btn-large" data-testid="restore-latest" onClick={() => void restoreLatestBackup()} disabled={busy} aria-busy={busy}>
              {busy ? <Spinner /> : <ShieldIcon size={16} />}
              {busy ? 'Restoring…' : 'Restore this backup'}
            </button>
          </div>
        ) : (
          <p className="dc-empty" data-testid="no-latest-backup">
            There is no sound backup in {status.dataDir}. If you saved one elsewhere (a USB stick, another disk), restore it from the file.
          </p>
        )}
        <p className="muted dc-recovery-note">
          Sessions recorded after the backup was made are not in it. The damaged file is kept beside it (renamed with today’s date), never deleted.
        </p>

        <div className="dc-recovery-more">
          <button type="button" className="btn btn-secondary" data-testid="recovery-restore-file" onClick={() => void restoreFile()} disabled={busy}>
            <RefreshIcon size={15} />
            Restore from a file…
          </button>
          <button type="button" className="btn btn-ghost" data-testid="recovery-start-empty" onClick={() => setConfirmEmpty(true)} disabled={busy}>
            Start with empty data…
          </button>
        </div>
        {fileError && (
          <p className="inline-error" role="alert">
            <AlertIcon size={16} /> {fileError}
          </p>
        )}
        <ActionOutcome action={action} testId="recovery" />
      </section>

      <ConfirmDialog
        open={confirmEmpty}
        title="Start with empty data?"
        confirmLabel="Start empty"
        busyLabel="Starting…"
        danger
        busy={busy}
        error={action.status === 'error' ? action.error : null}
        onConfirm={() => void startWithEmptyData()}
        onCancel={() => setConfirmEmpty(false)}
        testId="start-empty-dialog"
      >
        <p>ChatTrain starts with no profiles and no sessions. The damaged file is set aside (kept), so an expert may still rescue data from it.</p>
      </ConfirmDialog>
    </main>
  );
}

/** The recovery screen while start-up says so; null otherwise. */
export function useRecovery(): Recovery | null {
  const recovery = useAppStore((state) => state.recovery);
  return recovery?.state === 'recovery' ? recovery : null;
}
