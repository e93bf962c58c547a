import { useId, useState, type FormEvent } from 'react';
import type { MoveTarget } from '../../../shared/data-care/ipc';
import type { DataFolderInfo } from '../../../shared/data-care/types';
import { useAppStore } from '../store';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { Spinner } from '../ui/icons';
import { ActionOutcome } from './ActionOutcome';
import { formatBytes } from './format';

/** Where the data lives, how big it is, and moving it (copied and checked before switching). */
export function DataFolderCard({ info }: { info: DataFolderInfo }) {
  const moveAction = useAppStore((state) => state.moveAction);
  const moveDataFolder = useAppStore((state) => state.moveDataFolder);
  const [typedPath, setTypedPath] = useState('');
  const [pathError, setPathError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<MoveTarget | null>(null);
  const [dialogError, setDialogError] = useState<string | null>(null);
  const moving = moveAction.status === 'running';
  const moved = info.dataDir !== info.homeDir;
  const pathId = useId();

  const ask = (event: FormEvent) => {
    event.preventDefault();
    const path = typedPath.trim();
    // Main checks again; this only catches the obvious before the dialog.
    if (!/^([a-zA-Z]:[\\/]|[\\/])/.test(path)) {
      setPathError('Type the full path, starting with / (or a drive letter such as C:\\ on Windows).');
      document.getElementById(pathId)?.focus();
      return;
    }
    setPathError(null);
    setDialogError(null);
    setConfirming({ kind: 'path', path });
  };

  const move = async () => {
    if (!confirming) return;
    setDialogError(null);
    const ok = await moveDataFolder(confirming);
    const state = useAppStore.getState().moveAction;
    if (ok || state.status !== 'error') {
      setConfirming(null);
      if (ok) setTypedPath('');
    } else setDialogError(state.error);
  };

  return (
    <section className="dc-card" aria-labelledby="dc-folder-title" data-testid="data-folder-card">
      <div className="dc-card-head">
        <h2 id="dc-folder-title">Data folder</h2>
        <span className="dc-pill" data-testid="database-size">
          Database {formatBytes(info.databaseBytes)}
        </span>
      </div>
      <p className="dc-label">ChatTrain keeps its data in</p>
      <code className="dc-path" data-testid="data-dir">
        {info.dataDir}
      </code>
      {moved && (
        <p className="dc-note" data-testid="moved-note">
          Moved here from the default folder <code className="dc-path-inline">{info.homeDir}</code>, which remembers this place.
        </p>
      )}
      <p className="dc-intro">
        Moving copies the database, backups and imported content packs to the new folder and checks every copy (row counts, integrity, file checksums) before ChatTrain
        switches to it. The old copy is removed only after that.
      </p>
      {info.folderPicker === 'dialog' ? (
        <div className="dc-actions">
          <button
            type="button"
            className="btn btn-secondary"
            data-testid="move-data"
            onClick={() => {
              setDialogError(null);
              setConfirming({ kind: 'dialog' });
            }}
            disabled={moving}
            aria-busy={moving}
          >
            {moving && <Spinner />}
            {moving ? 'Moving…' : 'Move to another folder…'}
          </button>
        </div>
      ) : (
        <form className="dc-move-form" onSubmit={ask} noValidate>
          <div className="field">
            <label htmlFor={pathId}>New folder (full path on this computer)</label>
            <input
              id={pathId}
              type="text"
              data-testid="move-path"
              value={typedPath}
              placeholder="/media/usb/ChatTrain data"
              spellCheck={false}
              autoComplete="off"
              aria-invalid={pathError ? true : undefined}
              aria-describedby={`${pathId}-hint`}
              onChange={(event) => setTypedPath(event.target.value)}
            />
            <p id={`${pathId}-hint`} className={pathError ? 'dc-field-error' : 'dc-hint'}>
              {pathError ?? 'An empty or new folder; its parent folder must exist. Browser mode runs on this computer, so the path is on this computer too.'}
            </p>
          </div>
          <button type="submit" className="btn btn-secondary" data-testid="move-data" disabled={moving || typedPath.trim() === ''} aria-busy={moving}>
            {moving && <Spinner />}
            {moving ? 'Moving…' : 'Move…'}
          </button>
        </form>
      )}
      <ActionOutcome action={moveAction} testId="move" />

      <ConfirmDialog
        open={confirming !== null}
        title="Move the data folder?"
        confirmLabel={confirming?.kind === 'dialog' ? 'Choose the folder' : 'Move the data'}
        busyLabel="Moving…"
        busy={moving}
        error={dialogError}
        onConfirm={() => void move()}
        onCancel={() => setConfirming(null)}
        testId="move-dialog"
      >
        <p>
          {confirming?.kind === 'path' ? (
            <>
              The data moves to <code className="dc-path-inline">{confirming.path}</code>.
            </>
          ) : (
            'Choose an empty folder next; the data moves there.'
          )}{' '}
          ChatTrain pauses while it copies and checks; other windows wait and then carry on with the moved data.
        </p>
        <p>Keep the new place available (a USB drive must be plugged in) whenever ChatTrain starts.</p>
      </ConfirmDialog>
    </section>
  );
}
