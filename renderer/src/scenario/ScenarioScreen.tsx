import { useEffect, useRef } from 'react';
import type { ScenarioDetail } from '../../../shared/scenario/types';
import { DocumentsPanel } from '../documents/DocumentsPanel';
import { AlertIcon, ArrowLeftIcon, ArrowRightIcon, ClockIcon, LockIcon, PlayIcon, Spinner } from '../ui/icons';
import { useAppStore } from '../store';
import { DifficultyBadge, formatDuration, TagChips } from './meta';
import { ScenarioOverview } from './ScenarioOverview';
import { OpenFailed } from '../ui/OpenFailed';
import './scenario.css';

/** Escape leaves the scenario, unless it is clearing a text field or closing something. */
function useEscapeToLeave(leave: () => void) {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented || event.isComposing) return;
      const target = event.target;
      if ((target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement) && target.value !== '') return;
      leave();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [leave]);
}

export function ScenarioScreen() {
  const status = useAppStore((state) => state.detailStatus);
  const error = useAppStore((state) => state.detailError);
  const detail = useAppStore((state) => state.detail);
  const scenarioId = useAppStore((state) => state.scenarioId);
  const goToLibrary = useAppStore((state) => state.goToLibrary);
  const loadScenario = useAppStore((state) => state.loadScenario);
  useEscapeToLeave(goToLibrary);

  return (
    <main className="page page-wide" data-testid="scenario-screen" aria-labelledby="scenario-title">
      <nav className="back-nav" aria-label="Back">
        <button type="button" className="btn btn-ghost btn-back" data-testid="back-to-library" onClick={goToLibrary}>
          <ArrowLeftIcon size={16} />
          Back to library
        </button>
        <span className="back-hint" aria-hidden="true">
          or press <kbd>Esc</kbd>
        </span>
      </nav>

      {detail ? (
        <>
          <ScenarioHeader detail={detail} />
          <div className="scenario-layout">
            <div className="scenario-main">
              <ScenarioOverview detail={detail} />
            </div>
            <aside className="scenario-aside" aria-label="Reference documents">
              <DocumentsPanel />
            </aside>
          </div>
        </>
      ) : status === 'error' ? (
        <OpenFailed
          title="This scenario could not be opened"
          titleId="scenario-title"
          error={error}
          onRetry={scenarioId ? () => void loadScenario(scenarioId) : null}
          onBack={goToLibrary}
          testId="scenario-error"
        />
      ) : (
        <div className="state-panel" data-testid="scenario-loading">
          <Spinner label="Loading scenario" />
          <p id="scenario-title">Loading scenario…</p>
        </div>
      )}
    </main>
  );
}

function ScenarioHeader({ detail }: { detail: ScenarioDetail }) {
  const { summary, definition } = detail;
  const titleRef = useRef<HTMLHeadingElement>(null);
  const duration = formatDuration(summary.durationMinutes);

  // Opening a scenario moves focus to its title, so keyboard and screen-reader users start here.
  useEffect(() => {
    titleRef.current?.focus({ preventScroll: true });
    window.scrollTo({ top: 0 });
  }, [summary.id]);

  useEffect(() => {
    document.title = `${summary.title} · ChatTrain`;
  }, [summary.title]);

  return (
    <header className="scenario-header">
      <div className="scenario-header-text">
        <p className="eyebrow">{summary.domain}</p>
        <h1 id="scenario-title" ref={titleRef} tabIndex={-1} data-testid="scenario-title">
          {summary.title}
        </h1>
        <dl className="meta-strip" data-testid="scenario-meta">
          <div>
            <dt>Difficulty</dt>
            <dd>
              <DifficultyBadge difficulty={summary.difficulty} />
            </dd>
          </div>
          {duration && (
            <div>
              <dt>Duration</dt>
              <dd>
                <ClockIcon size={14} /> {duration}
              </dd>
            </div>
          )}
          <div>
            <dt>Domain</dt>
            <dd>{summary.domain}</dd>
          </div>
          <div>
            <dt>Version</dt>
            <dd>{summary.version}</dd>
          </div>
          <div>
            <dt>Variant</dt>
            <dd>{summary.variant}</dd>
          </div>
          <div>
            <dt>Pass score</dt>
            <dd>{definition.completion.pass_score}</dd>
          </div>
        </dl>
        <TagChips tags={summary.tags} label="Scenario tags" />
      </div>
      <StartPracticeButton scenarioId={summary.id} />
    </header>
  );
}

/**
 * Opens the start page of a practice session (creating the session). A scenario a track has
 * not unlocked yet says why instead; main refuses it too, and its message is shown if the
 * locks here were out of date.
 */
function StartPracticeButton({ scenarioId }: { scenarioId: string }) {
  const practiceStart = useAppStore((state) => state.practiceStart);
  const startPractice = useAppStore((state) => state.startPractice);
  const lock = useAppStore((state) => state.scenarioLocks[scenarioId]);
  const loadScenarioLocks = useAppStore((state) => state.loadScenarioLocks);
  const goToScenario = useAppStore((state) => state.goToScenario);
  const starting = practiceStart.status === 'running';
  const refused = practiceStart.status === 'error';

  // Locks change as the trainee passes scenarios (or another profile takes over): read them for this visit.
  useEffect(() => {
    void loadScenarioLocks();
  }, [scenarioId, loadScenarioLocks]);

  // A refusal may mean the scenario became locked meanwhile (content reloaded): catch up.
  useEffect(() => {
    if (refused) void loadScenarioLocks();
  }, [refused, loadScenarioLocks]);

  if (lock) {
    return (
      <div className="scenario-actions scenario-actions-locked" data-testid="scenario-locked">
        <button type="button" className="btn btn-primary btn-large" data-testid="start-practice" aria-describedby="start-practice-note" disabled>
          <LockIcon size={16} />
          Locked
        </button>
        {refused ? (
          <p id="start-practice-note" className="inline-error action-error" role="alert" data-testid="start-practice-error">
            <AlertIcon size={16} /> {practiceStart.error}
          </p>
        ) : (
          <p id="start-practice-note" className="lock-note" data-testid="scenario-lock-reason">
            <strong>Locked in the track “{lock.track}”.</strong> {lock.reason}.
          </p>
        )}
        {lock.unlockWith && (
          <button type="button" className="btn btn-secondary btn-small" data-testid="open-unlocking-scenario" onClick={() => goToScenario(lock.unlockWith!.scenarioId)}>
            Open “{lock.unlockWith.title}”
            <ArrowRightIcon size={14} />
          </button>
        )}
      </div>
    );
  }

  return (
    <div className="scenario-actions">
      <button
        type="button"
        className="btn btn-primary btn-large"
        data-testid="start-practice"
        aria-describedby="start-practice-note"
        disabled={starting}
        aria-busy={starting}
        onClick={() => void startPractice(scenarioId)}
      >
        {starting ? <Spinner /> : <PlayIcon size={16} />}
        {starting ? 'Preparing…' : 'Start practice'}
      </button>
      {refused ? (
        <p id="start-practice-note" className="inline-error action-error" role="alert" data-testid="start-practice-error">
          <AlertIcon size={16} /> {practiceStart.error}
        </p>
      ) : (
        <p id="start-practice-note" className="action-note">
          The clock starts only when you press Begin.
        </p>
      )}
    </div>
  );
}
