import type { FeedbackItem, StepResult } from '../../../shared/training/types';
import { humaniseId } from '../scenario/ScenarioOverview';
import { useAppStore } from '../store';
import { formatScore, formatTimestamp } from '../ui/format';
import './facilitator-feedback.css';

const noFeedback: FeedbackItem[] = [];

/**
 * One facilitator's score and comment on a step (`manual` feedback): who wrote it, when,
 * the score and the comment. Shown to the trainee on their summary and in the review.
 */
export function ManualFeedbackNote({ item }: { item: FeedbackItem }) {
  return (
    <article className="manual-note" data-testid="manual-feedback" aria-label={`Feedback from ${item.authorName ?? 'a facilitator'}`}>
      <header className="manual-note-head">
        <span className="manual-note-author">{item.authorName ?? 'A facilitator'}</span>
        <time className="manual-note-time" dateTime={item.createdAt}>
          {formatTimestamp(item.createdAt)}
        </time>
        <span className={item.passed ? 'manual-note-score manual-note-passed' : 'manual-note-score manual-note-missed'} data-testid="manual-feedback-score">
          Score <strong>{formatScore(item.score)}</strong>/100
        </span>
      </header>
      {item.suggestion && (
        <p className="manual-note-comment" data-testid="manual-feedback-comment">
          {item.suggestion}
        </p>
      )}
    </article>
  );
}

/**
 * On the trainee's summary: what a facilitator or trainer wrote about their steps after
 * reviewing the session. Nothing is shown until someone has written something.
 */
export function FacilitatorFeedbackSection() {
  const feedback = useAppStore((state) => state.session?.feedback ?? noFeedback);
  const steps = useAppStore((state) => state.session?.steps);
  const manual = feedback.filter((item) => item.type === 'manual');
  if (manual.length === 0) return null;
  const stepOf = (stepId: string | null): StepResult | undefined => steps?.find((step) => step.stepId === stepId);
  return (
    <section className="section summary-section facilitator-feedback" aria-labelledby="facilitator-feedback-title" data-testid="facilitator-feedback">
      <h2 id="facilitator-feedback-title">
        From your facilitator <span className="section-count">{manual.length === 1 ? '1 note' : `${manual.length} notes`}</span>
      </h2>
      <ul className="manual-note-list">
        {manual.map((item) => {
          const step = stepOf(item.stepId);
          return (
            <li key={item.id}>
              <p className="manual-note-step">
                {step ? (
                  <>
                    <span className="step-index">{step.index + 1}</span>
                    {step.goal}
                  </>
                ) : (
                  humaniseId(item.stepId ?? 'session')
                )}
              </p>
              <ManualFeedbackNote item={item} />
            </li>
          );
        })}
      </ul>
    </section>
  );
}
