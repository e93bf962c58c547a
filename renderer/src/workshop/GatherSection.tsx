import { useAppStore } from '../store';
import { bundleTableLabels, bundleTableNames, type BundleImportSummary } from '../../../shared/workshop/types';
import { formatTimestamp, plural } from '../ui/format';
import { DownloadIcon, InfoIcon, Spinner } from '../ui/icons';
import { ActionOutcome } from './ActionOutcome';
import { previewHasRecords } from './messages';
import { SessionFilterFields } from './SessionFilterFields';

/** Workshop bundles: export this laptop's sessions to a file, import the files of the others. */
export function GatherSection() {
  const preview = useAppStore((state) => state.previews.bundle);
  const bundleExport = useAppStore((state) => state.bundleExport);
  const bundleImport = useAppStore((state) => state.bundleImport);
  const exportBundle = useAppStore((state) => state.exportBundle);
  const importBundle = useAppStore((state) => state.importBundle);
  const desktop = useAppStore((state) => state.appInfo?.mode === 'desktop');

  const exporting = bundleExport.status === 'running';
  const importing = bundleImport.status === 'running';
  const nothingToExport = preview.status === 'error' || (preview.preview !== null && !previewHasRecords(preview.preview, 'bundle'));

  return (
    <div className="ws-stack">
      <p className="ws-hint" data-testid="gather-hint">
        <InfoIcon size={18} />
        <span>
          Running a workshop on several laptops? Export a bundle on each one, then import all the bundles on one laptop to have every
          session in one place — importing the same bundle twice changes nothing.
        </span>
      </p>
      <div className="ws-grid">
        <section className="ws-card" aria-labelledby="bundle-export-title" data-testid="bundle-export">
          <h2 id="bundle-export-title">Export a bundle from this laptop</h2>
          <p className="ws-card-intro">
            One file with the sessions you choose: their messages, feedback, summaries and reflections, and the profiles they belong
            to (never their PINs).
          </p>
          <SessionFilterFields section="bundle" target="bundle" />
          <div className="ws-actions">
            <button
              type="button"
              className="btn btn-primary"
              data-testid="export-bundle"
              onClick={() => void exportBundle()}
              disabled={exporting || nothingToExport}
              aria-busy={exporting}
            >
              {exporting ? <Spinner /> : <DownloadIcon size={16} />}
              {exporting ? 'Exporting…' : 'Export bundle'}
            </button>
          </div>
          <ActionOutcome name="bundleExport" action={bundleExport} testId="bundle-export-result" />
        </section>

        <section className="ws-card" aria-labelledby="bundle-import-title" data-testid="bundle-import">
          <h2 id="bundle-import-title">Import a bundle</h2>
          <p className="ws-card-intro">
            The sessions in the bundle are added to this laptop. Newer data here is never overwritten, and a damaged, shortened or
            modified file is refused without changing anything.
          </p>
          <div className="ws-actions">
            <button type="button" className="btn btn-primary" data-testid="import-bundle" onClick={() => void importBundle()} disabled={importing} aria-busy={importing}>
              {importing && <Spinner />}
              {importing ? 'Importing…' : desktop ? 'Choose a bundle…' : 'Upload a bundle…'}
            </button>
            <span className="muted ws-file-kind">.chattrain-bundle files</span>
          </div>
          <ActionOutcome name="bundleImport" action={bundleImport} testId="bundle-import-result" />
          {bundleImport.status === 'done' && bundleImport.result && <ImportCounts summary={bundleImport.result} />}
        </section>
      </div>
    </div>
  );
}

function ImportCounts({ summary }: { summary: BundleImportSummary }) {
  return (
    <div className="ws-import-counts" data-testid="bundle-import-counts">
      <table className="ws-table">
        <caption>
          What the bundle held and what happened to it
          <span className="ws-caption-note">
            Written {formatTimestamp(summary.writtenBy.createdAt, summary.writtenBy.createdAt)} by
            ChatTrain {summary.writtenBy.appVersion} · merged in {summary.durationMs.toLocaleString()} ms
          </span>
        </caption>
        <thead>
          <tr>
            <th scope="col">Table</th>
            <th scope="col" className="num">
              In bundle
            </th>
            <th scope="col" className="num">
              Added
            </th>
            <th scope="col" className="num">
              Updated
            </th>
            <th scope="col" className="num">
              Already here
            </th>
          </tr>
        </thead>
        <tbody>
          {bundleTableNames
            .filter((table) => summary.contained[table] > 0)
            .map((table) => {
              const counts = summary.counts[table];
              return (
                <tr key={table} data-table={table}>
                  <th scope="row">{bundleTableLabels[table]}</th>
                  <td className="num">{summary.contained[table].toLocaleString()}</td>
                  <td className="num" data-testid={`added-${table}`}>
                    {counts.inserted.toLocaleString()}
                  </td>
                  <td className="num">{counts.updated.toLocaleString()}</td>
                  <td className="num">{counts.skipped.toLocaleString()}</td>
                </tr>
              );
            })}
        </tbody>
      </table>
      {summary.conflicts.length > 0 && (
        <p className="ws-conflicts" role="note">
          {plural(summary.conflicts.length, 'session')} left untouched: {summary.conflicts.length === 1 ? 'its id belongs' : 'their ids belong'} to another profile on
          this laptop.
        </p>
      )}
      {summary.addedAsTrainees.length > 0 && (
        <p className="ws-conflicts" role="note" data-testid="added-as-trainees">
          Added as trainees: {summary.addedAsTrainees.join(', ')}. They were facilitators or trainers on the other laptop, but PINs never travel; give
          them their role back under Profiles if they should have it here.
        </p>
      )}
    </div>
  );
}
