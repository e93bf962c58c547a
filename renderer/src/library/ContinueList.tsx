import { useEffect } from 'react';
import { useAppStore } from '../store';
import { relativeTime } from '../training/format';
import { plural } from '../ui/format';
import { ArrowRightIcon, ClockIcon, PlayIcon } from '../ui/icons';

/** Sessions not finished yet, newest first: one click back into each. */
export function ContinueList() {
  const sessions = useAppStore((state) => state.resumable);
  const status = useAppStore((state) => state.resumableStatus);
  const error = useAppStore((state) => state.resumableError);
  const loadResumable = useAppStore((state) => state.loadResumable);
  const goToSession = useAppStore((state) => state.goToSession);

  // Sessions change while the user is elsewhere: read them each time the library shows.
  useEffect(() => {
    void loadResumable();
  }, [loadResumable]);

  if (status === 'error') {
    return (
      <p className="inline-error continue-error" role="alert" data-testid="continue-error">
        Unfinished sessions could not be listed. {error}
      </p>
    );
  }
  if (sessions.length === 0) return null;

  return (
    <section className="continue" aria-labelledby="continue-title" data-testid="continue-list">
      <h2 id="continue-title" className="continue-title">
        Continue where you left off
      </h2>
      <ul className="continue-items">
        {sessions.map((session) => {
          const started = session.status === 'in_progress';
          const progress = started ? `Step ${Math.min(session.currentStepIndex + 1, session.stepCount)} of ${session.stepCount}` : 'Not begun yet';
          const percent = session.stepCount > 0 && started ? Math.round((session.currentStepIndex / session.stepCount) * 100) : 0;
          return (
            <li key={session.id}>
              <button
                type="button"
                className="continue-item"
                data-testid="continue-session"
                data-session-id={session.id}
                onClick={() => goToSession(session.id)}
              >
                <span className="continue-icon" aria-hidden="true">
                  {started ? <ArrowRightIcon size={16} /> : <PlayIcon size={16} />}
                </span>
                <span className="continue-body">
                  <span className="continue-name">{session.scenarioTitle}</span>
                  <span className="continue-meta">
                    <span>{progress}</span>
                    {!started && <span aria-hidden="true">·</span>}
                    {!started && <span>{plural(session.stepCount, 'step')}</span>}
                    <span aria-hidden="true">·</span>
                    <span className="continue-when">
                      <ClockIcon size={12} /> {relativeTime(session.lastActivityAt)}
                    </span>
                  </span>
                  {started && (
                    <span className="continue-bar" aria-hidden="true">
                      <span style={{ width: `${percent}%` }} />
                    </span>
                  )}
                </span>
                <span className="continue-action">{started ? 'Continue' : 'Open'}</span>
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
