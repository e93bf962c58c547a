import { lazy, Suspense, useEffect } from 'react';
import type { DashboardOverview } from '../../../shared/dashboard/types';
import { hasFilters } from '../cohort/session-filters';
import { useAppStore } from '../store';
import { AlertIcon, RefreshIcon, ShieldIcon, Spinner } from '../ui/icons';
import { FlaggedList, KpiTiles, SessionsTable, TraineeTable } from './DashboardSections';
import { FilterBar } from './FilterBar';
import './dashboard.css';

// Chart.js is the largest part of this screen; trainees, who never open it, never load it.
const ScenarioChart = lazy(() => import('./charts').then((module) => ({ default: module.ScenarioChart })));
const ScoreHistogram = lazy(() => import('./charts').then((module) => ({ default: module.ScoreHistogram })));

function ChartLoading({ height }: { height: number }) {
  return (
    <div className="dash-chart-loading" style={{ height }}>
      <Spinner label="Loading the chart" />
    </div>
  );
}

/** The facilitator dashboard (SPEC 6): how the cohort on this laptop is doing, and a way into each session. */
export function DashboardScreen() {
  const status = useAppStore((state) => state.overviewStatus);
  const problem = useAppStore((state) => state.overviewProblem);
  const overview = useAppStore((state) => state.overview);
  const loadDashboard = useAppStore((state) => state.loadDashboard);

  useEffect(() => {
    void loadDashboard();
  }, [loadDashboard]);

  return (
    <main className="page dash-page" data-testid="dashboard-screen" aria-labelledby="dash-title" aria-busy={status === 'loading'}>
      <header className="page-head">
        <div>
          <h1 id="dash-title">Dashboard</h1>
          <p className="lead">How the practice sessions on this laptop went: per scenario, per trainee, and the sessions that need a look.</p>
        </div>
        {status === 'ready' && (
          <button type="button" className="btn btn-secondary" data-testid="dashboard-refresh" onClick={() => void loadDashboard()}>
            <RefreshIcon size={15} /> Refresh
          </button>
        )}
      </header>
      {problem?.denied ? (
        <Denied message={problem.message} />
      ) : status === 'error' && problem ? (
        <>
          <FilterBar />
          <div className="state-panel state-error" role="alert" data-testid="dashboard-error">
            <AlertIcon size={22} />
            <h2>The dashboard could not be loaded</h2>
            <p>{problem.message}</p>
            <button type="button" className="btn btn-secondary" onClick={() => void loadDashboard()}>
              <RefreshIcon size={15} /> Try again
            </button>
          </div>
        </>
      ) : !overview ? (
        <div className="state-panel dash-loading-panel" data-testid="dashboard-loading">
          <Spinner label="Loading the dashboard" />
          <p>Loading the dashboard…</p>
        </div>
      ) : (
        <DashboardBody overview={overview} />
      )}
    </main>
  );
}

function DashboardBody({ overview }: { overview: DashboardOverview }) {
  const filtered = useAppStore((state) => hasFilters(state.dashboardFilters));
  const reset = useAppStore((state) => state.resetDashboardFilters);

  if (overview.totals.sessions === 0 && !filtered) return <FirstRun />;

  return (
    <>
      <FilterBar />
      {overview.totals.sessions === 0 ? (
        <div className="state-panel" data-testid="dashboard-no-match">
          <h2>No sessions match these filters</h2>
          <p>Try a wider date range, or another scenario or trainee.</p>
          <button type="button" className="btn btn-secondary" onClick={() => void reset()}>
            Clear filters
          </button>
        </div>
      ) : (
        <div className="dash-body" data-testid="dashboard-body">
          <KpiTiles totals={overview.totals} />
          <div className="dash-charts">
            <section className="dash-card" aria-labelledby="dash-scenarios-title">
              <h2 id="dash-scenarios-title">
                By scenario <span className="dash-count">{overview.scenarios.length}</span>
              </h2>
              <Suspense fallback={<ChartLoading height={Math.max(266, 90 + overview.scenarios.length * 46)} />}>
                <ScenarioChart scenarios={overview.scenarios} />
              </Suspense>
            </section>
            <section className="dash-card" aria-labelledby="dash-scores-title">
              <h2 id="dash-scores-title">Scores</h2>
              <Suspense fallback={<ChartLoading height={266} />}>
                <ScoreHistogram buckets={overview.scoreDistribution} />
              </Suspense>
            </section>
          </div>
          <FlaggedList flagged={overview.flagged} />
          <TraineeTable trainees={overview.trainees} />
          <SessionsTable />
        </div>
      )}
    </>
  );
}

/** A fresh install: nothing has been practised on this laptop yet. */
function FirstRun() {
  const goToLibrary = useAppStore((state) => state.goToLibrary);
  const goToArea = useAppStore((state) => state.goToArea);
  return (
    <section className="dash-first-run" data-testid="dashboard-empty" aria-labelledby="dash-empty-title">
      <div className="dash-first-run-art" aria-hidden="true">
        <span style={{ height: '38%' }} />
        <span style={{ height: '64%' }} />
        <span style={{ height: '48%' }} />
        <span style={{ height: '82%' }} />
        <span style={{ height: '58%' }} />
      </div>
      <div className="dash-first-run-text">
        <h2 id="dash-empty-title">No practice sessions yet</h2>
        <p>
          As soon as trainees practise on this laptop, their completion rates, scores and progress show up here, and any session where risk
          language came up is flagged for you to review.
        </p>
        <p className="muted">Running a workshop on several laptops? Import the other laptops’ workshop bundles to see every session in one place.</p>
        <div className="button-row dash-first-run-actions">
          <button type="button" className="btn btn-primary" onClick={goToLibrary}>
            Open the scenario library
          </button>
          <button type="button" className="btn btn-secondary" onClick={() => goToArea('workshop')}>
            Import a workshop bundle
          </button>
        </div>
      </div>
    </section>
  );
}

function Denied({ message }: { message: string }) {
  const goToArea = useAppStore((state) => state.goToArea);
  return (
    <div className="state-panel" role="alert" data-testid="dashboard-denied">
      <ShieldIcon size={24} />
      <h2>The dashboard is for facilitators and trainers</h2>
      <p>{message} Switch to a facilitator or trainer profile to see how everyone is doing.</p>
      <button type="button" className="btn btn-secondary" onClick={() => goToArea('people')}>
        Switch profile
      </button>
    </div>
  );
}
