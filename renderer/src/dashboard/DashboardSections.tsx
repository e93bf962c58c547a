import { useMemo } from 'react';
import type { CohortTotals, DashboardOverview, FlaggedSession, SessionListItem, TraineeProgress } from '../../../shared/dashboard/types';
import { useAppStore } from '../store';
import { SESSIONS_PER_PAGE } from '../store/dashboard-slice';
import { formatScore, formatTimestamp, plural } from '../ui/format';
import { AlertIcon, ArrowLeftIcon, ArrowRightIcon, FlagIcon, RefreshIcon, Spinner } from '../ui/icons';
import { formatDuration, formatPercent, sessionStatusLabels } from './format';

/** Scenario titles by id (sessions of removed scenarios keep their snapshot's title). */
export function useScenarioTitles(): Map<string, string> {
  const scenarios = useAppStore((state) => state.overview?.options.scenarios);
  return useMemo(() => new Map((scenarios ?? []).map((scenario) => [scenario.id, scenario.title])), [scenarios]);
}

/** The headline numbers of the filtered cohort. */
export function KpiTiles({ totals }: { totals: CohortTotals }) {
  const tiles: { key: string; label: string; value: string; detail: string; tone?: string }[] = [
    { key: 'sessions', label: 'Sessions', value: totals.sessions.toLocaleString(), detail: `${plural(totals.abandoned, 'abandoned', 'abandoned')}` },
    { key: 'completion', label: 'Completion rate', value: formatPercent(totals.completionRate), detail: `${totals.completed.toLocaleString()} completed` },
    { key: 'score', label: 'Average score', value: formatScore(totals.averageScore), detail: `${totals.passed.toLocaleString()} passed` },
    { key: 'duration', label: 'Average duration', value: formatDuration(totals.averageDurationSeconds), detail: 'of completed sessions' },
    {
      key: 'flagged',
      label: 'Flagged',
      value: totals.flagged.toLocaleString(),
      detail: totals.flagged > 0 ? 'risk language detected' : 'no risk language',
      ...(totals.flagged > 0 ? { tone: 'dash-kpi-alert' } : {}),
    },
  ];
  return (
    <ul className="dash-kpis" aria-label="Key figures" data-testid="kpi-tiles">
      {tiles.map((tile) => (
        <li key={tile.key} className={tile.tone ? `dash-kpi ${tile.tone}` : 'dash-kpi'} data-testid={`kpi-${tile.key}`}>
          <span className="dash-kpi-label">{tile.label}</span>
          <span className="dash-kpi-value" data-testid="kpi-value">
            {tile.value}
          </span>
          <span className="dash-kpi-detail">{tile.detail}</span>
        </li>
      ))}
    </ul>
  );
}

function ScoreBar({ value, label }: { value: number | null; label: string }) {
  return (
    <span className="dash-bar-cell">
      <span className="dash-bar" aria-hidden="true">
        <span className="dash-bar-fill" style={{ width: `${Math.max(0, Math.min(100, value ?? 0))}%` }} />
      </span>
      <span className="dash-bar-value" aria-label={label}>
        {formatScore(value)}
      </span>
    </span>
  );
}

/** Per trainee: how many sessions, completed and passed, and their average final score (with a bar). */
export function TraineeTable({ trainees }: { trainees: TraineeProgress[] }) {
  const setFilter = useAppStore((state) => state.setDashboardFilter);
  const filteredTo = useAppStore((state) => state.dashboardFilters.userId);
  return (
    <section className="dash-card" aria-labelledby="dash-trainees-title" data-testid="trainee-progress">
      <h2 id="dash-trainees-title">
        Trainee progress <span className="dash-count">{plural(trainees.length, 'person', 'people')}</span>
      </h2>
      <div className="table-wrap">
        <table className="data-table dash-table">
          <thead>
            <tr>
              <th scope="col">Trainee</th>
              <th scope="col" className="num">
                Sessions
              </th>
              <th scope="col" className="num">
                Completed
              </th>
              <th scope="col" className="num">
                Passed
              </th>
              <th scope="col" className="dash-bar-col">
                Average score
              </th>
              <th scope="col" className="num">
                Flagged
              </th>
              <th scope="col">Last activity</th>
            </tr>
          </thead>
          <tbody>
            {trainees.map((person) => (
              <tr key={person.userId} data-testid="trainee-row">
                <th scope="row">
                  {filteredTo === person.userId ? (
                    <span className="dash-name">{person.displayName}</span>
                  ) : (
                    <button type="button" className="dash-link" title={`Show only ${person.displayName}`} onClick={() => void setFilter('userId', person.userId)}>
                      {person.displayName}
                    </button>
                  )}
                  {person.role !== 'trainee' && <span className="dash-role">{person.role}</span>}
                </th>
                <td className="num">{person.sessions}</td>
                <td className="num">{person.completed}</td>
                <td className="num">{person.passed}</td>
                <td className="dash-bar-col">
                  <ScoreBar value={person.averageScore} label={`average score ${formatScore(person.averageScore)}`} />
                </td>
                <td className="num">{person.flagged > 0 ? <span className="dash-flag-count">{person.flagged}</span> : 0}</td>
                <td className="dash-nowrap">{formatTimestamp(person.lastActivityAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** Sessions where risk language came up, with the phrases: the facilitator should look at these first. */
export function FlaggedList({ flagged }: { flagged: DashboardOverview['flagged'] }) {
  const titles = useScenarioTitles();
  const goToReview = useAppStore((state) => state.goToReview);
  return (
    <section className="dash-card dash-flagged" aria-labelledby="dash-flagged-title" data-testid="flagged-sessions">
      <h2 id="dash-flagged-title">
        <FlagIcon size={17} /> Flagged sessions <span className="dash-count">{flagged.total.toLocaleString()}</span>
      </h2>
      {flagged.total === 0 ? (
        <p className="muted dash-none">No risk language was detected in these sessions.</p>
      ) : (
        <ul className="dash-flag-list">
          {flagged.sessions.map((session: FlaggedSession) => (
            <li key={session.sessionId} className="dash-flag-item" data-testid="flagged-row">
              <div className="dash-flag-text">
                <p className="dash-flag-who">
                  <strong>{session.displayName}</strong> · {titles.get(session.scenarioId) ?? session.scenarioId}
                </p>
                <p className="dash-flag-reason" data-testid="flag-reason">
                  <span className="visually-hidden">Reason: </span>
                  Risk language detected: {session.phrases.map((phrase) => `“${phrase}”`).join(', ')}
                  {session.detections > session.phrases.length ? ` (${session.detections} times)` : ''}
                </p>
                <p className="dash-flag-when muted">{formatTimestamp(session.lastDetectedAt ?? session.lastActivityAt)}</p>
              </div>
              <button type="button" className="btn btn-secondary btn-small" onClick={() => goToReview(session.sessionId)} aria-label={`Review ${session.displayName}’s session`}>
                Review
              </button>
            </li>
          ))}
          {flagged.total > flagged.sessions.length && (
            <li className="muted dash-flag-more">{`and ${(flagged.total - flagged.sessions.length).toLocaleString()} more (narrow the filters to see them)`}</li>
          )}
        </ul>
      )}
    </section>
  );
}

function ResultCell({ session }: { session: SessionListItem }) {
  if (session.passed === null) return <span className="muted">–</span>;
  return <span className={session.passed ? 'status-pill status-passed' : 'status-pill status-missed'}>{session.passed ? 'Passed' : 'Not passed'}</span>;
}

/** Every matching session, a page at a time; each row opens the session's review. */
export function SessionsTable() {
  const page = useAppStore((state) => state.sessionPage);
  const status = useAppStore((state) => state.sessionPageStatus);
  const problem = useAppStore((state) => state.sessionPageProblem);
  const loadPage = useAppStore((state) => state.loadSessionPage);
  const goToReview = useAppStore((state) => state.goToReview);
  const titles = useScenarioTitles();

  const first = page && page.total > 0 ? page.offset + 1 : 0;
  const last = page ? page.offset + page.sessions.length : 0;

  return (
    <section className="dash-card" aria-labelledby="dash-sessions-title" data-testid="session-list">
      <div className="dash-card-head">
        <h2 id="dash-sessions-title">
          Sessions <span className="dash-count">{page ? page.total.toLocaleString() : ''}</span>
        </h2>
        <p className="muted">Open a session to read the conversation and add your feedback.</p>
      </div>
      {status === 'error' && problem ? (
        <div className="inline-error" role="alert">
          <AlertIcon size={16} /> {problem.message}
          <button type="button" className="btn btn-secondary btn-small" onClick={() => void loadPage(page?.offset ?? 0)}>
            <RefreshIcon size={14} /> Try again
          </button>
        </div>
      ) : !page ? (
        <p className="dash-loading">
          <Spinner /> Loading sessions…
        </p>
      ) : (
        <>
          <div className="table-wrap">
            <table className="data-table dash-table dash-sessions-table">
              <thead>
                <tr>
                  <th scope="col">Started</th>
                  <th scope="col">Trainee</th>
                  <th scope="col">Scenario</th>
                  <th scope="col">Status</th>
                  <th scope="col" className="num">
                    Score
                  </th>
                  <th scope="col">Result</th>
                  <th scope="col" className="num">
                    Duration
                  </th>
                  <th scope="col">
                    <span className="visually-hidden">Open</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {page.sessions.map((session) => (
                  <tr key={session.sessionId} className="dash-session-row" data-testid="session-row" data-session-id={session.sessionId} onClick={() => goToReview(session.sessionId)}>
                    <td className="dash-nowrap">{formatTimestamp(session.startedAt)}</td>
                    <td>
                      {session.displayName}
                      {session.flagged && (
                        <span className="dash-inline-flag" title="Risk language detected">
                          <FlagIcon size={13} />
                          <span className="visually-hidden"> (flagged)</span>
                        </span>
                      )}
                    </td>
                    <td>{titles.get(session.scenarioId) ?? session.scenarioId}</td>
                    <td>
                      <span className={`dash-status dash-status-${session.status}`}>{sessionStatusLabels[session.status]}</span>
                    </td>
                    <td className="num">
                      {/* Before the end it is a running score, not a result. */}
                      {session.status === 'completed' ? formatScore(session.totalScore) : <span className="muted" title="Running score; the session did not finish">{formatScore(session.totalScore)}</span>}
                    </td>
                    <td>
                      <ResultCell session={session} />
                    </td>
                    <td className="num">{formatDuration(session.durationSeconds)}</td>
                    <td className="dash-open-cell">
                      <button
                        type="button"
                        className="btn btn-ghost btn-small"
                        data-testid="open-review"
                        aria-label={`Review ${session.displayName}’s session of ${titles.get(session.scenarioId) ?? session.scenarioId}, started ${formatTimestamp(session.startedAt)}`}
                        onClick={(event) => {
                          event.stopPropagation();
                          goToReview(session.sessionId);
                        }}
                      >
                        Review <ArrowRightIcon size={14} />
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {page.total > SESSIONS_PER_PAGE && (
            <nav className="dash-pager" aria-label="Session pages">
              <button type="button" className="btn btn-secondary btn-small" data-testid="page-previous" disabled={page.offset === 0} onClick={() => void loadPage(page.offset - SESSIONS_PER_PAGE)}>
                <ArrowLeftIcon size={14} /> Newer
              </button>
              <span className="dash-pager-text" data-testid="page-range" aria-live="polite">
                {`${first.toLocaleString()}–${last.toLocaleString()} of ${page.total.toLocaleString()}`}
              </span>
              <button type="button" className="btn btn-secondary btn-small" data-testid="page-next" disabled={last >= page.total} onClick={() => void loadPage(page.offset + SESSIONS_PER_PAGE)}>
                Older <ArrowRightIcon size={14} />
              </button>
            </nav>
          )}
        </>
      )}
    </section>
  );
}
