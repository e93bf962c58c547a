import { useId, useMemo, useState, type FormEvent } from 'react';
import type { FeedbackItem, SessionView, StepResult, TranscriptMessage } from '../../../shared/training/types';
import { useAppStore } from '../store';
import { ManualFeedbackNote } from '../training/FacilitatorFeedback';
import { FeedbackCard, feedbackCards } from '../training/FeedbackCard';
import { initials, stepStatusLabels } from '../training/format';
import { formatScore, formatTime } from '../ui/format';
import { AlertIcon, CheckIcon, Spinner } from '../ui/icons';

/** The messages of one step, in order (messages without a step belong to the step around them). */
interface StepSegment {
  step: StepResult | null;
  messages: TranscriptMessage[];
}

/**
 * Splits the conversation by step. Steps only move forward, so each step's messages are
 * one run; steps that were never reached still get a block (empty).
 */
export function segmentByStep(view: SessionView): StepSegment[] {
  const byId = new Map(view.steps.map((step) => [step.stepId, step]));
  const segments: StepSegment[] = [];
  for (const message of view.messages) {
    const step = message.stepId ? (byId.get(message.stepId) ?? null) : null;
    const current = segments.at(-1);
    if (!current) segments.push({ step, messages: [message] });
    else if (step === null || current.step === step) current.messages.push(message);
    // Opening lines before the first step's messages join that step.
    else if (current.step === null && segments.length === 1) {
      current.step = step;
      current.messages.push(message);
    } else {
      const earlier = segments.find((segment) => segment.step === step);
      if (earlier) earlier.messages.push(message);
      else segments.push({ step, messages: [message] });
    }
  }
  const reached = new Set(segments.map((segment) => segment.step));
  for (const step of view.steps) if (!reached.has(step)) segments.push({ step, messages: [] });
  return segments;
}

/** Automatic feedback rows by the answer they evaluate (manual ones are shown per step instead). */
function automaticByMessage(feedback: FeedbackItem[]): Map<string, FeedbackItem[]> {
  const map = new Map<string, FeedbackItem[]>();
  for (const item of feedback) {
    if (!item.messageId || item.type === 'manual') continue;
    const list = map.get(item.messageId);
    if (list) list.push(item);
    else map.set(item.messageId, [item]);
  }
  return map;
}

export function ReviewSteps({ view }: { view: SessionView }) {
  const segments = useMemo(() => segmentByStep(view), [view]);
  const automatic = useMemo(() => automaticByMessage(view.feedback), [view.feedback]);
  const personaName = view.persona?.name ?? 'Persona';

  if (view.messages.length === 0 && view.steps.length === 0) {
    return (
      <div className="state-panel" data-testid="review-no-messages">
        <h2>Nothing was said in this session</h2>
        <p>The trainee opened it but never began. There is nothing to review yet.</p>
      </div>
    );
  }

  return (
    <ol className="review-steps" aria-label="Steps">
      {segments.map((segment, index) => (
        <li key={segment.step?.stepId ?? `general-${index}`} className="review-step" data-testid="review-step" data-step-id={segment.step?.stepId ?? ''}>
          {segment.step ? <StepHeading step={segment.step} /> : <h2 className="review-step-title">Conversation</h2>}
          {segment.messages.length > 0 ? (
            <div className="review-messages" role="list" aria-label={segment.step ? `Messages of step ${segment.step.index + 1}` : 'Messages'}>
              {segment.messages.map((message) => (
                <ReviewMessage key={message.id} message={message} personaName={personaName} traineeName={view.session.userName} feedback={automatic.get(message.id)} />
              ))}
            </div>
          ) : (
            <p className="muted review-unreached">The trainee did not reach this step.</p>
          )}
          {segment.step && <StepManualFeedback step={segment.step} feedback={view.feedback} />}
        </li>
      ))}
    </ol>
  );
}

function StepHeading({ step }: { step: StepResult }) {
  const status = step.status === 'in_progress' ? 'in_progress' : step.status;
  return (
    <header className="review-step-head">
      <h2 className="review-step-title">
        <span className="step-index">{step.index + 1}</span>
        {step.goal}
      </h2>
      <p className="review-step-facts">
        <span className={`status-pill status-${status}`}>{stepStatusLabels[step.status]}</span>
        <span>
          Best score <strong>{formatScore(step.bestScore)}</strong> <span className="muted">/ pass {step.passScore}</span>
        </span>
        <span className="muted">
          {step.attempts} of {step.maxAttempts} attempts
        </span>
      </p>
    </header>
  );
}

/** One message, read-only, with the automatic feedback the trainee saw under their answer. */
function ReviewMessage({ message, personaName, traineeName, feedback }: { message: TranscriptMessage; personaName: string; traineeName: string; feedback: FeedbackItem[] | undefined }) {
  if (message.role === 'system') {
    return (
      <div className="msg msg-system review-msg" role="listitem" data-testid="review-message" data-role="system">
        <p className="msg-system-text">{message.content}</p>
      </div>
    );
  }
  const persona = message.role === 'persona';
  const author = persona ? personaName : traineeName;
  return (
    <div className={`msg msg-${message.role} msg-${message.status} review-msg`} role="listitem" data-testid="review-message" data-role={message.role}>
      <div className="msg-avatar" aria-hidden="true">
        {initials(author)}
      </div>
      <div className="msg-body">
        <p className="msg-meta">
          <span className="msg-author">{author}</span>
          <time dateTime={message.createdAt}>{formatTime(message.createdAt)}</time>
          {message.status === 'failed' && <span className="msg-status msg-status-failed">Reply failed</span>}
          {message.status === 'stopped' && <span className="msg-status msg-status-stopped">Stopped</span>}
        </p>
        <div className="msg-bubble">{message.content || <span className="msg-empty">(no words)</span>}</div>
        {feedback && feedbackCards(feedback).map((items) => <FeedbackCard key={items[0]!.id} items={items} />)}
      </div>
    </div>
  );
}

/** The notes already written on a step, and the form to add one. */
function StepManualFeedback({ step, feedback }: { step: StepResult; feedback: FeedbackItem[] }) {
  const notes = feedback.filter((item) => item.type === 'manual' && item.stepId === step.stepId);
  return (
    <section className="review-manual" aria-label={`Your feedback on step ${step.index + 1}`} data-testid="step-manual-feedback">
      <h3 className="review-manual-title">Facilitator feedback</h3>
      {notes.length > 0 && (
        <ul className="manual-note-list review-notes">
          {notes.map((item) => (
            <li key={item.id}>
              <ManualFeedbackNote item={item} />
            </li>
          ))}
        </ul>
      )}
      <ManualFeedbackForm step={step} />
    </section>
  );
}

function ManualFeedbackForm({ step }: { step: StepResult }) {
  const save = useAppStore((state) => state.manualFeedbackSave);
  const addManualFeedback = useAppStore((state) => state.addManualFeedback);
  const [score, setScore] = useState('');
  const [comment, setComment] = useState('');
  const [problem, setProblem] = useState<{ field: 'score' | 'comment'; message: string } | null>(null);
  const id = useId();
  const mine = save.stepId === step.stepId;
  const saving = mine && save.status === 'running';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const value = Number(score);
    if (score.trim() === '' || !Number.isInteger(value) || value < 0 || value > 100) {
      setProblem({ field: 'score', message: 'Give a whole-number score from 0 to 100.' });
      document.getElementById(`${id}-score`)?.focus();
      return;
    }
    if (comment.trim() === '') {
      setProblem({ field: 'comment', message: 'Write a comment for the trainee.' });
      document.getElementById(`${id}-comment`)?.focus();
      return;
    }
    setProblem(null);
    if (await addManualFeedback(step.stepId, value, comment.trim())) {
      setScore('');
      setComment('');
    }
  };

  return (
    <form className="review-form" onSubmit={(event) => void submit(event)} noValidate data-testid="manual-feedback-form">
      <div className="review-form-fields">
        <div className="field review-score-field">
          <label htmlFor={`${id}-score`}>Score (0–100)</label>
          <input
            id={`${id}-score`}
            type="number"
            inputMode="numeric"
            min={0}
            max={100}
            step={1}
            data-testid="manual-score"
            value={score}
            aria-invalid={problem?.field === 'score'}
            aria-describedby={`${id}-pass`}
            onChange={(event) => setScore(event.target.value)}
          />
          <span className="review-field-help" id={`${id}-pass`}>
            Pass mark {step.passScore}
          </span>
        </div>
        <div className="field review-comment-field">
          <label htmlFor={`${id}-comment`}>Comment for the trainee</label>
          <textarea
            id={`${id}-comment`}
            rows={2}
            maxLength={5_000}
            data-testid="manual-comment"
            placeholder="What went well, and what to try next time"
            value={comment}
            aria-invalid={problem?.field === 'comment'}
            onChange={(event) => setComment(event.target.value)}
          />
        </div>
      </div>
      <div className="review-form-actions">
        <button type="submit" className="btn btn-primary btn-small" data-testid="save-manual-feedback" disabled={saving} aria-busy={saving}>
          {saving && <Spinner />}
          Save feedback
        </button>
        <p className="review-form-status" role="status" aria-live="polite" data-testid="manual-feedback-status">
          {mine && save.status === 'done' && save.message && (
            <span className="saved-note">
              <CheckIcon size={15} /> {save.message}
            </span>
          )}
        </p>
      </div>
      {(problem || (mine && save.status === 'error')) && (
        <p className="inline-error" role="alert" data-testid="manual-feedback-error">
          <AlertIcon size={16} /> {problem ? problem.message : `Your feedback was not saved. ${save.error}`}
        </p>
      )}
    </form>
  );
}
