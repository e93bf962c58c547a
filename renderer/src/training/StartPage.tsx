import { useEffect, useRef } from 'react';
import { useAppStore } from '../store';
import { DifficultyBadge, formatDuration, plural } from '../scenario/meta';
import { GoalsSection, PersonaSection } from '../scenario/ScenarioOverview';
import '../scenario/scenario.css';
import { AlertIcon, ArrowLeftIcon, ClockIcon, PlayIcon, Spinner } from '../ui/icons';

/** Before the session begins: who the trainee will talk to, the goals, the rules of play. */
export function StartPage() {
  const info = useAppStore((state) => state.session!.session);
  // The scenario's current definition, for the persona and goals (the session itself runs
  // on the snapshot taken when it was created).
  const detail = useAppStore((state) => (state.detail?.summary.id === state.session?.session.scenarioId ? state.detail : null));
  const detailStatus = useAppStore((state) => state.detailStatus);
  const action = useAppStore((state) => state.sessionAction);
  const beginSession = useAppStore((state) => state.beginSession);
  const goToScenario = useAppStore((state) => state.goToScenario);
  const titleRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    titleRef.current?.focus({ preventScroll: true });
    window.scrollTo({ top: 0 });
  }, [info.id]);

  const beginning = action.kind === 'begin' && action.status === 'running';
  const duration = formatDuration(info.durationMinutes);
  const personaName = detail?.definition.persona.name ?? 'The persona';
  const firstName = personaName.split(/\s+/)[0] || personaName;
  const maxAttempts = detail ? Math.max(...detail.definition.steps.map((step) => step.max_attempts)) : null;

  return (
    <main className="page start-page" data-testid="start-page" aria-labelledby="start-title">
      <nav className="back-nav" aria-label="Back">
        <button type="button" className="btn btn-ghost btn-back" data-testid="back-to-scenario" onClick={() => goToScenario(info.scenarioId)}>
          <ArrowLeftIcon size={16} />
          Back to scenario
        </button>
      </nav>

      <header className="start-header">
        <div className="start-header-text">
          <p className="eyebrow">Practice session</p>
          <h1 id="start-title" ref={titleRef} tabIndex={-1} data-testid="start-title">
            {info.scenarioTitle}
          </h1>
          <p className="lead">
            Read who you will be talking to and what to aim for. The clock starts when you press <strong>Begin</strong>.
          </p>
          <dl className="meta-strip" data-testid="start-facts">
            <div>
              <dt>Steps</dt>
              <dd data-testid="start-steps">{plural(info.stepCount, 'step')}</dd>
            </div>
            <div>
              <dt>Time limit</dt>
              <dd data-testid="start-time-limit">
                {duration ? (
                  <>
                    <ClockIcon size={14} /> {duration}
                  </>
                ) : (
                  'None'
                )}
              </dd>
            </div>
            {detail && (
              <>
                <div>
                  <dt>Difficulty</dt>
                  <dd>
                    <DifficultyBadge difficulty={detail.summary.difficulty} />
                  </dd>
                </div>
                <div>
                  <dt>Pass score</dt>
                  <dd>{detail.definition.completion.pass_score}</dd>
                </div>
              </>
            )}
          </dl>
        </div>
        <div className="start-actions">
          <button
            type="button"
            className="btn btn-primary btn-large"
            data-testid="begin-session"
            onClick={() => void beginSession()}
            disabled={beginning}
            aria-busy={beginning}
          >
            {beginning ? <Spinner /> : <PlayIcon size={16} />}
            {beginning ? 'Starting…' : 'Begin'}
          </button>
          {action.kind === 'begin' && action.status === 'error' && (
            <p className="inline-error action-error" role="alert" data-testid="begin-error">
              <AlertIcon size={16} /> {action.error}
            </p>
          )}
        </div>
      </header>

      {detail ? (
        <div className="start-layout">
          <div className="start-column">
            <PersonaSection persona={detail.definition.persona} />
            <section className="section" aria-labelledby="section-how">
              <h2 id="section-how">How it works</h2>
              <ul className="how-list">
                <li>
                  {firstName} speaks first. Answer in your own words: <kbd>Enter</kbd> sends,{' '}
                  <span className="keys">
                    <kbd>Shift</kbd>+<kbd>Enter</kbd>
                  </span>{' '}
                  starts a new line.
                </li>
                <li>Every answer gets feedback: what you covered, what was missing, and one concrete suggestion.</li>
                <li>
                  A step you miss can be tried again{maxAttempts ? ` (up to ${plural(maxAttempts, 'attempt')})` : ''}; then the
                  conversation moves on. A <strong>Hint</strong> is there when you are stuck.
                </li>
                <li>The reference documents stay open beside the chat, and you can end the session at any time.</li>
              </ul>
            </section>
          </div>
          <div className="start-column">
            <GoalsSection goals={detail.definition.smart_goals} />
          </div>
        </div>
      ) : detailStatus === 'error' ? (
        <div className="notice notice-warning" data-testid="start-no-detail">
          <AlertIcon size={18} />
          <p>
            The scenario’s description is not available any more (its files may have been removed). You can still begin: the
            session uses the version that was current when it was created.
          </p>
        </div>
      ) : (
        <div className="state-panel">
          <Spinner label="Loading the scenario" />
        </div>
      )}
    </main>
  );
}
