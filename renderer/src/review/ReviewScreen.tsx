import { useEffect, useRef } from 'react';
import type { SessionView } from '../../../shared/training/types';
import { formatDuration, sessionStatusLabels } from '../dashboard/format';
import { useAppStore } from '../store';
import { completionReasonLabel } from '../training/format';
import { formatScore, formatTimestamp } from '../ui/format';
import { ResultBadge } from '../training/ResultBadge';
import { AlertIcon, ArrowLeftIcon, FlagIcon, RefreshIcon, ShieldIcon, Spinner } from '../ui/icons';
import { ReviewSteps } from './ReviewSteps';
import '../training/training.css';
import './review.css';

/** A facilitator or trainer reading someone's session and adding feedback per step (SPEC 6). */
export function ReviewScreen() {
  const sessionId = useAppStore((state) => (state.screen.name === 'review' ? state.screen.sessionId : null));
  const status = useAppStore((state) => state.reviewStatus);
  const problem = useAppStore((state) => state.reviewProblem);
  const review = useAppStore((state) => (state.review?.session.id === sessionId ? state.review : null));
  const openReview = useAppStore((state) => state.openReview);

  useEffect(() => {
    if (sessionId) void openReview(sessionId);
  }, [sessionId, openReview]);

  return (
    <main className="page review-page" data-testid="review-screen" aria-labelledby="review-title" aria-busy={status === 'loading'}>
      <BackToDashboard />
      {problem ? (
        <ReviewProblem denied={problem.denied} message={problem.message} retry={() => sessionId && void openReview(sessionId)} />
      ) : !review ? (
        <div className="state-panel review-loading" data-testid="review-loading">
          <Spinner label="Loading the session" />
          <p>Loading the session…</p>
        </div>
      ) : (
        <ReviewBody view={review} />
      )}
    </main>
  );
}

function BackToDashboard() {
  const goToArea = useAppStore((state) => state.goToArea);
  return (
    <nav className="back-nav" aria-label="Back">
      <button type="button" className="btn btn-ghost btn-back" data-testid="review-back" onClick={() => goToArea('dashboard')}>
        <ArrowLeftIcon size={16} />
        Back to the dashboard
      </button>
    </nav>
  );
}

function ReviewProblem({ denied, message, retry }: { denied: boolean; message: string; retry: () => void }) {
  const goToArea = useAppStore((state) => state.goToArea);
  if (denied) {
    return (
      <div className="state-panel" role="alert" data-testid="review-denied">
        <ShieldIcon size={24} />
        <h1 id="review-title">Reviewing sessions is for facilitators and trainers</h1>
        <p>{message} Switch to a facilitator or trainer profile to review this session.</p>
        <button type="button" className="btn btn-secondary" onClick={() => goToArea('people')}>
          Switch profile
        </button>
      </div>
    );
  }
  return (
    <div className="state-panel state-error" role="alert" data-testid="review-error">
      <AlertIcon size={22} />
      <h1 id="review-title">This session could not be opened</h1>
      <p>{message}</p>
      <button type="button" className="btn btn-secondary" onClick={retry}>
        <RefreshIcon size={15} /> Try again
      </button>
    </div>
  );
}

function ReviewBody({ view }: { view: SessionView }) {
  const titleRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    titleRef.current?.focus({ preventScroll: true });
  }, [view.session.id]);
  const info = view.session;
  const durationSeconds = info.startedAt && info.completedAt ? (Date.parse(info.completedAt) - Date.parse(info.startedAt)) / 1000 : null;
  const manualCount = view.feedback.filter((item) => item.type === 'manual').length;

  return (
    <>
      <header className="review-header" data-testid="review-header">
        <div className="review-header-main">
          <p className="review-eyebrow">Session review</p>
          <h1 id="review-title" ref={titleRef} tabIndex={-1} data-testid="review-title">
            {info.scenarioTitle}
          </h1>
          <div className="review-badges">
            <ResultBadge passed={info.passed} testId="review-result" />
            <span className="review-score" data-testid="review-score">
              Score <strong>{formatScore(info.totalScore)}</strong> / 100
              {info.passScore !== null && <span className="muted"> · pass mark {info.passScore}</span>}
            </span>
            {info.flagged && (
              <span className="review-flag" data-testid="review-flag">
                <FlagIcon size={14} /> Risk language detected
              </span>
            )}
          </div>
        </div>
        <dl className="review-facts">
          <div>
            <dt>Trainee</dt>
            <dd data-testid="review-trainee">{info.userName}</dd>
          </div>
          <div>
            <dt>Status</dt>
            <dd data-testid="review-status">
              {sessionStatusLabels[info.status]}
              {info.status === 'completed' || info.status === 'abandoned' ? <span className="muted"> · {completionReasonLabel(info.completionReason, info.status).toLowerCase()}</span> : null}
            </dd>
          </div>
          <div>
            <dt>Started</dt>
            <dd>{formatTimestamp(info.startedAt)}</dd>
          </div>
          <div>
            <dt>{info.completedAt ? 'Finished' : 'Last activity'}</dt>
            <dd>{formatTimestamp(info.completedAt ?? info.lastActivityAt)}</dd>
          </div>
          <div>
            <dt>Duration</dt>
            <dd>{formatDuration(durationSeconds)}</dd>
          </div>
          <div>
            <dt>Scenario version</dt>
            <dd>
              {info.scenarioVersion} <span className="muted">· variant {info.variant} · {info.engine === 'llm' ? 'AI persona' : 'offline persona'}</span>
            </dd>
          </div>
        </dl>
      </header>

      {view.risks.length > 0 && <RiskSummary view={view} />}

      <p className="review-intro muted">
        The conversation step by step, with the automatic feedback the trainee saw. Add your own score and comment under any step: the
        trainee sees it on their session{manualCount > 0 ? ` (${manualCount === 1 ? '1 note so far' : `${manualCount} notes so far`})` : ''}.
      </p>

      <ReviewSteps view={view} />
    </>
  );
}

/** What was detected, by whom: the reason the session is flagged. */
function RiskSummary({ view }: { view: SessionView }) {
  const personaName = view.persona?.name ?? 'Persona';
  return (
    <section className="review-risks" aria-labelledby="review-risks-title" data-testid="review-risks">
      <h2 id="review-risks-title">
        <FlagIcon size={16} /> Why this session is flagged
      </h2>
      <ul>
        {view.risks.map((risk) => (
          <li key={risk.id}>
            <strong>“{risk.phrase}”</strong>{' '}
            <span className="muted">
              said by {risk.speaker === 'trainee' ? view.session.userName : risk.speaker === 'persona' ? personaName : 'the system'} · {formatTimestamp(risk.createdAt)}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
