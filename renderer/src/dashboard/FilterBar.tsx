import { draftProblem, hasFilters } from '../cohort/session-filters';
import { useAppStore } from '../store';
import { AlertIcon, CloseIcon, Spinner } from '../ui/icons';

const roleLabels = { trainee: 'trainee', facilitator: 'facilitator', trainer: 'trainer' } as const;

/** Date range, scenario and trainee; every change reloads the dashboard at once. */
export function FilterBar() {
  const filters = useAppStore((state) => state.dashboardFilters);
  const options = useAppStore((state) => state.overview?.options ?? null);
  const refreshing = useAppStore((state) => state.overviewRefreshing && state.overviewStatus === 'ready');
  const setFilter = useAppStore((state) => state.setDashboardFilter);
  const reset = useAppStore((state) => state.resetDashboardFilters);
  const problem = draftProblem(filters);

  return (
    <section className="dash-filters" aria-label="Filters" data-testid="dashboard-filters">
      <div className="field dash-filter-date">
        <label htmlFor="dash-from">From</label>
        <input
          id="dash-from"
          type="date"
          data-testid="filter-from"
          value={filters.from}
          max={filters.to || undefined}
          aria-invalid={problem !== null}
          onChange={(event) => void setFilter('from', event.target.value)}
        />
      </div>
      <div className="field dash-filter-date">
        <label htmlFor="dash-to">To</label>
        <input
          id="dash-to"
          type="date"
          data-testid="filter-to"
          value={filters.to}
          min={filters.from || undefined}
          aria-invalid={problem !== null}
          onChange={(event) => void setFilter('to', event.target.value)}
        />
      </div>
      <div className="field dash-filter-select">
        <label htmlFor="dash-scenario">Scenario</label>
        <select id="dash-scenario" data-testid="filter-scenario" value={filters.scenarioId} onChange={(event) => void setFilter('scenarioId', event.target.value)}>
          <option value="">All scenarios</option>
          {options?.scenarios.map((scenario) => (
            <option key={scenario.id} value={scenario.id}>
              {scenario.title}
            </option>
          ))}
        </select>
      </div>
      <div className="field dash-filter-select">
        <label htmlFor="dash-trainee">Trainee</label>
        <select id="dash-trainee" data-testid="filter-trainee" value={filters.userId} onChange={(event) => void setFilter('userId', event.target.value)}>
          <option value="">Everyone</option>
          {options?.trainees.map((person) => (
            <option key={person.id} value={person.id}>
              {person.role === 'trainee' ? person.displayName : `${person.displayName} (${roleLabels[person.role]})`}
            </option>
          ))}
        </select>
      </div>
      <div className="dash-filter-actions">
        <button type="button" className="btn btn-ghost btn-small" data-testid="filter-reset" disabled={!hasFilters(filters)} onClick={() => void reset()}>
          <CloseIcon size={14} />
          Clear filters
        </button>
        <span className="dash-refreshing" role="status" aria-live="polite">
          {refreshing && (
            <>
              <Spinner /> Updating…
            </>
          )}
        </span>
      </div>
      {problem && (
        <p className="inline-error dash-filter-problem" role="alert" data-testid="filter-problem">
          <AlertIcon size={16} /> {problem}
        </p>
      )}
    </section>
  );
}
