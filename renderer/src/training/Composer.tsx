import { useEffect, useRef } from 'react';
import { MAX_ANSWER_LENGTH } from '../../../shared/ipc/contract';
import { useAppStore } from '../store';
import { AlertIcon, SendIcon, Spinner } from '../ui/icons';

/** Shown once an answer gets this close to the limit. */
const COUNTER_FROM = MAX_ANSWER_LENGTH - 2_000;

/**
 * Where the trainee writes. Enter sends, Shift+Enter breaks the line. While an answer is
 * evaluated the box is locked and says so; the text leaves the box only once main has
 * accepted it, and stays (with the reason) when it was not.
 */
export function Composer() {
  const draft = useAppStore((state) => state.draft);
  const turn = useAppStore((state) => state.turn);
  const setDraft = useAppStore((state) => state.setDraft);
  const sendAnswer = useAppStore((state) => state.sendAnswer);
  const textareaRef = useRef<HTMLTextAreaElement>(null);
  const running = turn.status === 'running';

  // Ready to type when the chat opens, and again after each turn (the box was disabled).
  const wasRunning = useRef(false);
  useEffect(() => {
    if (!running && (wasRunning.current || document.activeElement === document.body)) textareaRef.current?.focus();
    wasRunning.current = running;
  }, [running]);

  const send = () => {
    if (running) return;
    void sendAnswer();
  };

  return (
    <form
      className="composer"
      data-testid="composer"
      aria-busy={running}
      onSubmit={(event) => {
        event.preventDefault();
        send();
      }}
    >
      <div className="composer-head">
        <label htmlFor="answer-input" className="composer-label">
          Your answer
        </label>
        <span id="composer-help" className="composer-help">
          <kbd>Enter</kbd> to send · <kbd>Shift</kbd>+<kbd>Enter</kbd> for a new line
        </span>
      </div>
      <div className="composer-row">
        <textarea
          ref={textareaRef}
          id="answer-input"
          data-testid="answer-input"
          className="composer-input"
          rows={2}
          value={draft}
          maxLength={MAX_ANSWER_LENGTH}
          disabled={running}
          placeholder="Type what you would say…"
          aria-describedby="composer-help composer-status"
          aria-invalid={turn.status === 'error'}
          aria-errormessage={turn.status === 'error' ? 'answer-error' : undefined}
          onChange={(event) => setDraft(event.target.value)}
          onKeyDown={(event) => {
            if (event.key !== 'Enter' || event.shiftKey || event.nativeEvent.isComposing) return;
            event.preventDefault();
            send();
          }}
        />
        <button type="submit" className="btn btn-primary composer-send" data-testid="send-answer" disabled={running} aria-label="Send answer">
          {running ? <Spinner /> : <SendIcon size={16} />}
          <span aria-hidden="true">Send</span>
        </button>
      </div>
      <div className="composer-foot">
        <p id="composer-status" className="composer-status" role="status" aria-live="polite" data-testid="composer-status">
          {running && (
            <span className="evaluating" data-testid="evaluating">
              <Spinner /> Evaluating your answer…
            </span>
          )}
        </p>
        {draft.length >= COUNTER_FROM && (
          <span className={draft.length >= MAX_ANSWER_LENGTH ? 'composer-count composer-count-full' : 'composer-count'}>
            {draft.length.toLocaleString('en')} / {MAX_ANSWER_LENGTH.toLocaleString('en')}
          </span>
        )}
      </div>
      {turn.status === 'error' && turn.error && (
        <p id="answer-error" className="inline-error" role="alert" data-testid="answer-error">
          <AlertIcon size={16} /> {turn.error}
        </p>
      )}
    </form>
  );
}
