import { useEffect, useRef, type KeyboardEvent } from 'react';
import { useAppStore } from '../store';
import type { WorkshopTab } from '../store/workshop-slice';
import { AlertIcon, ShieldIcon, Spinner } from '../ui/icons';
import { GatherSection } from './GatherSection';
import { PacksSection } from './PacksSection';
import { ReportSection } from './ReportSection';
import './workshop.css';

const tabs: { id: WorkshopTab; label: string }[] = [
  { id: 'gather', label: 'Gather sessions' },
  { id: 'report', label: 'Export for reporting' },
  { id: 'packs', label: 'Content packs' },
];

/** Facilitators' workshop tools: workshop bundles, cohort CSV / xAPI exports, content packs. */
export function WorkshopScreen() {
  const loadWorkshop = useAppStore((state) => state.loadWorkshop);
  const resetWorkshopActions = useAppStore((state) => state.resetWorkshopActions);
  const load = useAppStore((state) => state.workshopLoad);
  const error = useAppStore((state) => state.workshopError);
  const denied = useAppStore((state) => state.workshopDenied);
  const goToLibrary = useAppStore((state) => state.goToLibrary);
  const titleRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    document.title = 'Workshop · ChatTrain';
    titleRef.current?.focus({ preventScroll: true });
    window.scrollTo({ top: 0 });
    void loadWorkshop();
    return () => resetWorkshopActions();
  }, [loadWorkshop, resetWorkshopActions]);

  return (
    <main className="page workshop-page" data-testid="workshop-screen" aria-labelledby="workshop-title">
      <header className="page-head">
        <div>
          <h1 id="workshop-title" ref={titleRef} tabIndex={-1}>
            Workshop
          </h1>
          <p className="lead">Bring the sessions of a workshop together, export them for reporting, and manage the scenario packs on this laptop.</p>
        </div>
      </header>
      {denied ? (
        <div className="state-panel" data-testid="workshop-denied">
          <ShieldIcon size={26} />
          <h2>For facilitators and trainers</h2>
          <p>Exporting sessions, gathering workshop bundles and managing content packs need a facilitator or trainer profile. Switch profile to use them.</p>
          <button type="button" className="btn btn-secondary" onClick={goToLibrary}>
            Back to library
          </button>
        </div>
      ) : load === 'error' ? (
        <div className="state-panel state-error" role="alert" data-testid="workshop-error">
          <AlertIcon size={24} />
          <h2>The workshop tools could not be opened</h2>
          <p>{error}</p>
          <button type="button" className="btn btn-primary" onClick={() => void loadWorkshop()}>
            Try again
          </button>
        </div>
      ) : load !== 'ready' ? (
        <div className="state-panel" data-testid="workshop-loading">
          <Spinner label="Loading the workshop tools" />
          <p>Loading…</p>
        </div>
      ) : (
        <WorkshopTabs />
      )}
    </main>
  );
}

function WorkshopTabs() {
  const tab = useAppStore((state) => state.workshopTab);
  const setTab = useAppStore((state) => state.setWorkshopTab);
  const listRef = useRef<HTMLDivElement>(null);

  // Arrow keys move between tabs (and select them), Home/End jump to the ends.
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const index = tabs.findIndex((entry) => entry.id === tab);
    const next =
      event.key === 'ArrowRight' ? (index + 1) % tabs.length : event.key === 'ArrowLeft' ? (index - 1 + tabs.length) % tabs.length : event.key === 'Home' ? 0 : event.key === 'End' ? tabs.length - 1 : null;
    if (next === null) return;
    event.preventDefault();
    const target = tabs[next]!;
    setTab(target.id);
    listRef.current?.querySelector<HTMLButtonElement>(`#workshop-tab-${target.id}`)?.focus();
  };

  return (
    <>
      <div className="ws-tabs" role="tablist" aria-label="Workshop tools" ref={listRef} onKeyDown={onKeyDown}>
        {tabs.map((entry) => (
          <button
            key={entry.id}
            type="button"
            role="tab"
            id={`workshop-tab-${entry.id}`}
            aria-controls={`workshop-panel-${entry.id}`}
            aria-selected={entry.id === tab}
            tabIndex={entry.id === tab ? 0 : -1}
            className={entry.id === tab ? 'ws-tab ws-tab-on' : 'ws-tab'}
            data-testid={`tab-${entry.id}`}
            onClick={() => setTab(entry.id)}
          >
            {entry.label}
          </button>
        ))}
      </div>
      <div className="ws-panel" role="tabpanel" id={`workshop-panel-${tab}`} aria-labelledby={`workshop-tab-${tab}`} data-testid={`panel-${tab}`}>
        {tab === 'gather' ? <GatherSection /> : tab === 'report' ? <ReportSection /> : <PacksSection />}
      </div>
    </>
  );
}
