import { useAppStore } from '../store';
import { cohortCsvColumnDocs, type CohortExportFormat } from '../../../shared/workshop/types';
import { DownloadIcon, Spinner } from '../ui/icons';
import { ActionOutcome } from './ActionOutcome';
import { previewHasRecords } from './messages';
import { SessionFilterFields } from './SessionFilterFields';

const formats: { value: CohortExportFormat; title: string; detail: string }[] = [
  { value: 'csv', title: 'Cohort table (CSV)', detail: 'One row per session, for a spreadsheet.' },
  { value: 'xapi', title: 'xAPI 1.0.3 statements (JSON)', detail: 'For a learning record store (LRS) or LMS.' },
];

/** Cohort CSV and xAPI statements, for reporting outside ChatTrain. */
export function ReportSection() {
  const format = useAppStore((state) => state.cohortFormat);
  const setFormat = useAppStore((state) => state.setCohortFormat);
  const preview = useAppStore((state) => state.previews.cohort);
  const action = useAppStore((state) => state.cohortExport);
  const exportCohort = useAppStore((state) => state.exportCohort);
  const homePage = useAppStore((state) => state.xapiHomePage);
  const activityBase = useAppStore((state) => state.xapiActivityBase);
  const setIds = useAppStore((state) => state.setXapiIdentifiers);

  const running = action.status === 'running';
  const nothingToExport = preview.status === 'error' || (preview.preview !== null && !previewHasRecords(preview.preview, format));

  return (
    <div className="ws-grid ws-grid-report">
      <section className="ws-card" aria-labelledby="report-title" data-testid="cohort-export">
        <h2 id="report-title">Export for reporting</h2>
        <p className="ws-card-intro">Scores, completion and durations of many sessions at once, in a file for other tools. Nobody’s answers are included.</p>
        <fieldset className="ws-formats">
          <legend className="ws-legend">Format</legend>
          <div className="ws-format-options">
            {formats.map((option) => (
              <label key={option.value} className={option.value === format ? 'ws-format ws-format-on' : 'ws-format'}>
                <input type="radio" name="cohort-format" value={option.value} checked={option.value === format} onChange={() => setFormat(option.value)} data-testid={`format-${option.value}`} />
                <span>
                  <strong>{option.title}</strong>
                  <span className="muted">{option.detail}</span>
                </span>
              </label>
            ))}
          </div>
        </fieldset>
        <SessionFilterFields section="cohort" target={format} />
        {format === 'xapi' && (
          <details className="ws-details">
            <summary>Identifiers for your LMS (optional)</summary>
            <div className="ws-id-grid">
              <div className="field">
                <label htmlFor="xapi-home-page">Account home page</label>
                <input id="xapi-home-page" type="text" inputMode="url" placeholder="https://chattrain.local/profiles" value={homePage} onChange={(event) => setIds({ homePage: event.target.value })} />
              </div>
              <div className="field">
                <label htmlFor="xapi-activity-base">Activity id base</label>
                <input
                  id="xapi-activity-base"
                  type="text"
                  inputMode="url"
                  placeholder="https://chattrain.local/scenarios"
                  value={activityBase}
                  onChange={(event) => setIds({ activityBase: event.target.value })}
                />
              </div>
            </div>
            <p className="muted ws-small">Each actor is an account on the home page, named by its profile id; each scenario is the activity &lt;base&gt;/&lt;scenario id&gt;.</p>
          </details>
        )}
        <div className="ws-actions">
          <button type="button" className="btn btn-primary" data-testid="export-cohort" onClick={() => void exportCohort()} disabled={running || nothingToExport} aria-busy={running}>
            {running ? <Spinner /> : <DownloadIcon size={16} />}
            {running ? 'Exporting…' : format === 'csv' ? 'Export CSV' : 'Export xAPI statements'}
          </button>
        </div>
        <ActionOutcome name="cohortExport" action={action} testId="cohort-export-result" />
      </section>

      <aside className="ws-card ws-doc" aria-labelledby="report-doc-title" data-testid="cohort-doc">
        <h2 id="report-doc-title">What the file holds</h2>
        {format === 'csv' ? (
          <>
            <p className="ws-small">
              UTF-8 CSV (RFC 4180): a header row, then one row per session. A text cell a spreadsheet would run as a formula (starting with{' '}
              <code>=</code>, <code>+</code>, <code>-</code> or <code>@</code>) gets a leading apostrophe.
            </p>
            <dl className="ws-columns">
              {cohortCsvColumnDocs.map((doc) => (
                <div key={doc.column} className="ws-column">
                  <dt>
                    <code>{doc.column}</code>
                  </dt>
                  <dd>{doc.description}</dd>
                </div>
              ))}
            </dl>
          </>
        ) : (
          <ul className="ws-xapi-notes ws-small">
            <li>A JSON array of xAPI 1.0.3 statements, only for completed sessions.</li>
            <li>
              Per session a <code>completed</code> statement, plus <code>passed</code> or <code>failed</code> when it has a pass score (ADL verbs).
            </li>
            <li>
              The actor is an <code>account</code> (home page + profile id); the object is the scenario as an activity.
            </li>
            <li>
              <code>result.score</code> (scaled 0–1, raw 0–100), <code>success</code>, <code>completion</code> and an ISO 8601 <code>duration</code>.
            </li>
            <li>
              <code>context.registration</code> is the session id; statement ids stay the same when you export again, so an LRS sees duplicates.
            </li>
          </ul>
        )}
      </aside>
    </div>
  );
}
