import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../store';
import { plural } from '../ui/format';
import { AlertIcon, SearchIcon, Spinner } from '../ui/icons';
import { ContinueList } from './ContinueList';
import { filtersActive, selectVisibleScenarios } from './filter';
import { LibraryFilters } from './LibraryFilters';
import { ProblemsPanel } from './ProblemsPanel';
import { ReloadButton, ReloadNotice } from './ReloadControls';
import { ScenarioCard } from './ScenarioCard';
import { TracksSection } from './TracksSection';
import './library.css';

export function LibraryScreen() {
  const loadTracks = useAppStore((state) => state.loadTracks);
  const scenarios = useAppStore((state) => state.scenarios);

  useEffect(() => {
    document.title = 'Scenario library · ChatTrain';
  }, []);

  // Passing a scenario unlocks the next one, and reloaded content may bring new tracks: read
  // them each time the library shows and whenever the scenario list changes.
  useEffect(() => {
    void loadTracks();
  }, [loadTracks, scenarios]);

  return (
    <main className="page" aria-labelledby="library-title" data-testid="library-screen">
      <div className="page-head">
        <div>
          <h1 id="library-title">Scenario library</h1>
          <p className="lead">
            Choose a scenario to see who you will be talking to, what a good conversation looks like, and the reference
            documents you can use.
          </p>
        </div>
        <ReloadButton />
      </div>
      <ReloadNotice />
      <ProblemsPanel />
      <ContinueList />
      <TracksSection />
      <LibraryFilters />
      <LibraryResults />
    </main>
  );
}

function LibraryResults() {
  const status = useAppStore((state) => state.libraryStatus);
  const error = useAppStore((state) => state.libraryError);
  const total = useAppStore((state) => state.scenarios.length);
  const visible = useAppStore(useShallow(selectVisibleScenarios));
  const active = useAppStore((state) => filtersActive(state.filters));
  const resetFilters = useAppStore((state) => state.resetFilters);
  const startLibrary = useAppStore((state) => state.startLibrary);
  const goToScenario = useAppStore((state) => state.goToScenario);
  const returnFocusTo = useAppStore((state) => state.returnFocusTo);
  const focusRestored = useAppStore((state) => state.focusRestored);
  const locks = useAppStore((state) => state.scenarioLocks);

  // Coming back from a scenario: put focus on the card that was opened.
  useEffect(() => {
    if (!returnFocusTo || status !== 'ready') return;
    const button = document.querySelector<HTMLButtonElement>(
      `[data-testid="open-scenario"][data-scenario-id="${CSS.escape(returnFocusTo)}"]`,
    );
    button?.focus();
    focusRestored();
  }, [returnFocusTo, status, focusRestored]);

  if (status === 'error') {
    return (
      <div className="state-panel state-error" role="alert" data-testid="library-error">
        <AlertIcon size={24} />
        <h2>The scenario library could not be loaded</h2>
        <p>{error}</p>
        <button type="button" className="btn btn-primary" onClick={() => void startLibrary()}>
          Try again
        </button>
      </div>
    );
  }

  if (status !== 'ready') {
    return (
      <div className="state-panel" data-testid="library-loading">
        <Spinner label="Loading scenarios" />
        <p>Loading scenarios…</p>
      </div>
    );
  }

  if (total === 0) {
    return (
      <div className="state-panel" data-testid="library-empty">
        <h2>No scenarios yet</h2>
        <p>
          The content folders hold no loadable scenarios. Add a folder with a <code>scenario.yaml</code>, then choose
          Reload content.
        </p>
      </div>
    );
  }

  return (
    <section aria-labelledby="results-title" className="results">
      <div className="results-head">
        <h2 id="results-title" className="visually-hidden">
          Scenarios
        </h2>
        <p className="results-count" role="status" aria-live="polite" data-testid="results-count">
          {visible.length === total ? `${plural(total, 'scenario')}` : `Showing ${visible.length} of ${plural(total, 'scenario')}`}
        </p>
      </div>
      {visible.length === 0 ? (
        <div className="state-panel" data-testid="library-no-match">
          <SearchIcon size={24} />
          <h3>No scenarios match your search and filters</h3>
          <p>Try fewer words or a different domain, difficulty or tag.</p>
          {active && (
            <button type="button" className="btn btn-primary" data-testid="empty-reset-filters" onClick={resetFilters}>
              Reset search and filters
            </button>
          )}
        </div>
      ) : (
        <ul className="scenario-grid" data-testid="scenario-grid">
          {visible.map((scenario) => (
            <li key={scenario.id}>
              <ScenarioCard scenario={scenario} lock={locks[scenario.id]} onOpen={goToScenario} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
