import { useState } from 'react';
import type { ContentPackItem, PackImportOutcome } from '../../../shared/workshop/types';
import { problemLocation, problemMessage } from '../library/ProblemsPanel';
import { useAppStore } from '../store';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { formatTimestamp, plural } from '../ui/format';
import { AlertIcon, Spinner } from '../ui/icons';
import { ActionOutcome } from './ActionOutcome';
import { formatBytes } from './messages';
import '../library/library.css';

/** Content packs: import (zip, or a folder in the desktop app), the installed list, remove. */
export function PacksSection() {
  const desktop = useAppStore((state) => state.appInfo?.mode === 'desktop');
  const packImport = useAppStore((state) => state.packImport);
  const packRemove = useAppStore((state) => state.packRemove);
  const importPack = useAppStore((state) => state.importPack);
  const removePack = useAppStore((state) => state.removePack);
  const packs = useAppStore((state) => state.packs);
  const packsLoad = useAppStore((state) => state.packsLoad);
  const packsError = useAppStore((state) => state.packsError);
  const loadPacks = useAppStore((state) => state.loadPacks);
  const [confirming, setConfirming] = useState<ContentPackItem | null>(null);

  const importing = packImport.status === 'running';
  const refused = packImport.status === 'done' && packImport.result && !packImport.result.ok ? packImport.result : null;

  return (
    <div className="ws-stack">
      <section className="ws-card" aria-labelledby="pack-import-title" data-testid="pack-import">
        <h2 id="pack-import-title">Import a content pack</h2>
        <p className="ws-card-intro">
          A pack is a folder of scenario folders (with an optional <code>pack.yaml</code> naming it and its tracks), or a .zip of one.
          It is checked first: if anything is wrong nothing is installed, and each problem is listed with its file, line and column.
          Importing a pack with the same id replaces it.
        </p>
        <div className="ws-actions">
          <button type="button" className="btn btn-primary" data-testid="import-pack-zip" onClick={() => void importPack('zip')} disabled={importing} aria-busy={importing && packImport.kind === 'zip'}>
            {importing && packImport.kind === 'zip' && <Spinner />}
            {importing && packImport.kind === 'zip' ? 'Importing…' : desktop ? 'Import a .zip…' : 'Upload a .zip…'}
          </button>
          {desktop && (
            <button
              type="button"
              className="btn btn-secondary"
              data-testid="import-pack-folder"
              onClick={() => void importPack('folder')}
              disabled={importing}
              aria-busy={importing && packImport.kind === 'folder'}
            >
              {importing && packImport.kind === 'folder' && <Spinner />}
              {importing && packImport.kind === 'folder' ? 'Importing…' : 'Import a folder…'}
            </button>
          )}
          {!desktop && <span className="muted ws-file-kind">Folders can be imported in the desktop app; in the browser, zip the folder first.</span>}
        </div>
        <ActionOutcome name="packImport" action={packImport} testId="pack-import-result" tone={refused ? 'warning' : 'success'} />
        {refused && <PackProblems outcome={refused} />}
      </section>

      <section className="ws-card" aria-labelledby="packs-title" data-testid="pack-list">
        <h2 id="packs-title">
          Installed packs {packsLoad === 'ready' && <span className="ws-count">{packs.length}</span>}
        </h2>
        <ActionOutcome name="packRemove" action={packRemove.status === 'error' && confirming ? { ...packRemove, error: null } : packRemove} testId="pack-remove-result" />
        {packsLoad === 'error' ? (
          <div className="inline-error" role="alert">
            <AlertIcon size={16} />
            <span>
              {packsError}{' '}
              <button type="button" className="btn btn-small btn-secondary" onClick={() => void loadPacks()}>
                Try again
              </button>
            </span>
          </div>
        ) : packsLoad !== 'ready' ? (
          <p className="muted">
            <Spinner /> Loading the installed packs…
          </p>
        ) : packs.length === 0 ? (
          <div className="ws-empty" data-testid="packs-empty">
            <p>No content packs are installed. The scenarios that ship with ChatTrain are always available.</p>
          </div>
        ) : (
          <ul className="ws-packs">
            {packs.map((pack) => (
              <PackCard key={pack.id} pack={pack} onRemove={() => setConfirming(pack)} removing={packRemove.status === 'running' && packRemove.packId === pack.id} />
            ))}
          </ul>
        )}
      </section>

      <ConfirmDialog
        open={confirming !== null}
        title={confirming ? `Remove “${confirming.title}”?` : 'Remove the pack?'}
        confirmLabel="Remove pack"
        busyLabel="Removing…"
        danger
        busy={packRemove.status === 'running'}
        error={confirming && packRemove.status === 'error' && packRemove.packId === confirming.id ? packRemove.error : null}
        testId="confirm-remove-pack"
        onCancel={() => setConfirming(null)}
        onConfirm={() => {
          if (!confirming) return;
          void removePack(confirming.id).then((removed) => {
            if (removed) setConfirming(null);
          });
        }}
      >
        {confirming && (
          <p>
            Its {plural(confirming.scenarios.length, 'scenario')} will leave the library. Sessions already played from them are kept, with
            their transcripts and scores. You can import the pack again later.
          </p>
        )}
      </ConfirmDialog>
    </div>
  );
}

function PackCard({ pack, onRemove, removing }: { pack: ContentPackItem; onRemove: () => void; removing: boolean }) {
  const titleId = `pack-${pack.id}-title`;
  return (
    <li className="ws-pack" data-testid="pack" data-pack-id={pack.id}>
      <div className="ws-pack-main">
        <div className="ws-pack-head">
          <h3 id={titleId}>{pack.title}</h3>
          {pack.version && <span className="chip">v{pack.version}</span>}
          <code className="ws-pack-id">{pack.id}</code>
        </div>
        {pack.description && <p className="ws-pack-description">{pack.description}</p>}
        <p className="ws-pack-origin" data-testid="pack-origin">
          {pack.origin ? (
            <>
              From {pack.origin.kind === 'zip' ? 'the zip' : 'the folder'} <strong>{pack.origin.name}</strong>
              {pack.origin.path ? (
                <>
                  {' '}
                  (<code className="ws-path">{pack.origin.path}</code>)
                </>
              ) : (
                ' (uploaded in the browser)'
              )}
            </>
          ) : (
            'Placed in the data folder by hand'
          )}
          {pack.importedAt && <> · imported {formatTimestamp(pack.importedAt, pack.importedAt)}</>}
        </p>
        <div className="ws-pack-scenarios">
          <span className="ws-pack-label">{plural(pack.scenarios.length, 'scenario')}</span>
          <ul className="chips" aria-label={`Scenarios in ${pack.title}`}>
            {pack.scenarios.map((scenario) => (
              <li key={scenario.id} className="chip" title={scenario.id}>
                {scenario.title ?? scenario.id}
              </li>
            ))}
          </ul>
        </div>
        {pack.trackIds.length > 0 && (
          <div className="ws-pack-scenarios">
            <span className="ws-pack-label">{plural(pack.trackIds.length, 'track')}</span>
            <ul className="chips" aria-label={`Tracks in ${pack.title}`}>
              {pack.trackIds.map((track) => (
                <li key={track} className="chip">
                  {track}
                </li>
              ))}
            </ul>
          </div>
        )}
        <p className="muted ws-small">
          {plural(pack.files, 'file')} · {formatBytes(pack.bytes)}
        </p>
      </div>
      <button type="button" className="btn btn-secondary btn-small" data-testid="remove-pack" onClick={onRemove} disabled={removing} aria-label={`Remove ${pack.title}`}>
        {removing && <Spinner />}
        Remove
      </button>
    </li>
  );
}

/** The located problems of a refused pack, shown like the library's content problems. */
function PackProblems({ outcome }: { outcome: PackImportOutcome }) {
  const files = new Set(outcome.problems.map((problem) => problem.file)).size;
  return (
    <section className="problems ws-problems" aria-labelledby="pack-problems-title" data-testid="pack-problems">
      <div className="problems-head">
        <AlertIcon size={20} className="problems-icon" />
        <div className="problems-intro">
          <h3 id="pack-problems-title">
            {plural(outcome.problems.length, 'problem')} in {plural(files, 'file')} of {outcome.sourceName}
          </h3>
          <p>Fix them in the pack, then import it again.</p>
        </div>
      </div>
      <ul className="problem-list">
        {outcome.problems.map((problem, index) => (
          <li key={`${problem.file}:${problem.line}:${problem.column}:${problem.path}:${index}`} className="problem" data-testid="pack-problem">
            <code className="problem-location" title={`line ${problem.line}, column ${problem.column}`}>
              {problemLocation(problem)}
            </code>
            {problem.path ? <code className="problem-path">{problem.path}</code> : <span />}
            <span className="problem-message">{problemMessage(problem)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
