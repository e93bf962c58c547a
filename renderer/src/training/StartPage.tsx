import { useEffect, useRef } from 'react';
import { useAppStore } from '../store';
import { DifficultyBadge, formatDuration } from '../scenario/meta';
import { GoalsSection, PersonaSection } from '../scenario/ScenarioOverview';
import '../scenario/scenario.css';
import { plural } from '../ui/format';
import { AlertIcon, ArrowLeftIcon, ClockIcon, PlayIcon, Spinner } from '../ui/icons';
import { EngineBadge } from './ChatScreen';

/** Before the session begins: who the trainee will talk to, the goals, the rules of play. */
export function StartPage() {
  const info = useAppStore((state) => state.session!.session);
  // The persona, goals and pass mark come from the session's own snapshot (what it will
  // run on); the scenario's current definition only adds the difficulty and attempts.
  const snapshotPersona = useAppStore((state) => state.session!.persona);
  const smartGoals = useAppStore((state) => state.session!.smartGoals);
  const steps = useAppStore((state) => state.session!.steps);
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
  const persona = snapshotPersona ?? detail?.definition.persona ?? null;
  const personaName = persona?.name ?? 'The persona';
  const firstName = personaName.split(/\s+/)[0] || personaName;
  const maxAttempts =
    steps.length > 0 ? Math.max(...steps.map((step) => step.maxAttempts)) : detail ? Math.max(...detail.definition.steps.map((step) => step.max_attempts)) : null;
  const goals = snapshotPersona ? smartGoals : (detail?.definition.smart_goals ?? smartGoals);
  const passScore = info.passScore ?? detail?.definition.completion.pass_score ?? null;
  const ai = info.engine === 'llm';

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
              <div>
                <dt>Difficulty</dt>
                <dd>
                  <DifficultyBadge difficulty={detail.summary.difficulty} />
                </dd>
              </div>
            )}
            {passScore !== null && (
              <div>
                <dt>Pass score</dt>
                <dd data-testid="start-pass-score">{passScore}</dd>
              </div>
            )}
            <div>
              <dt>Persona</dt>
              <dd data-testid="start-engine">
                <EngineBadge />
              </dd>
            </div>
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

      {persona ? (
        <div className="start-layout">
          <div className="start-column">
            <PersonaSection persona={persona} />
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
                {ai && (
                  <li data-testid="start-ai-note">
                    {firstName} is played by an AI model: replies appear as they are written, and you can <strong>Stop</strong> a reply or
                    ask for it again. If the model server fails, the session carries on with the offline persona.
                  </li>
                )}
                <li>
                  Every answer gets feedback: what you covered, what was missing, and one concrete suggestion
                  {ai ? ' — and, when the AI judge is on, its verdict on each check of the rubric.' : '.'}
                </li>
                <li>
                  A step you miss can be tried again{maxAttempts ? ` (up to ${plural(maxAttempts, 'attempt')})` : ''}; then the
                  conversation moves on. A <strong>Hint</strong> is there when you are stuck.
                </li>
                <li>The reference documents stay open beside the chat, and you can end the session at any time.</li>
              </ul>
            </section>
          </div>
          <div className="start-column">
            <GoalsSection goals={goals} />
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
