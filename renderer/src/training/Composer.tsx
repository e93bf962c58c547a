import { useEffect, useRef } from 'react';
import { MAX_ANSWER_LENGTH } from '../../../shared/ipc/contract';
import { useAppStore } from '../store';
import { AlertIcon, SendIcon, Spinner, StopIcon } from '../ui/icons';

/** Shown once an answer gets this close to the limit. */
const COUNTER_FROM = MAX_ANSWER_LENGTH - 2_000;

/**
 * Where the trainee writes. Enter sends, Shift+Enter breaks the line. While an answer is
 * evaluated, or the AI persona is still replying, the box is locked and says so (a reply
 * can be stopped); the text leaves the box only once main has accepted it, and stays (with
 * the reason) when it was not.
 */
export function Composer() {
  const draft = useAppStore((state) => state.draft);
  const turn = useAppStore((state) => state.turn);
  const setDraft = useAppStore((state) => state.setDraft);
  const sendAnswer = useAppStore((state) => state.sendAnswer);
  const replying = useAppStore((state) => state.session?.messages.some((message) => message.status === 'streaming') ?? false);
  const replyAction = useAppStore((state) => state.replyAction);
  const stopReply = useAppStore((state) => state.stopReply);
  const formRef = useRef<HTMLFormElement>(null);
  const textareaRef = useRef<HTMLTextAreaElement>(null);
  const evaluating = turn.status === 'running';
  const running = evaluating || replying;
  const stopping = replyAction.kind === 'stop' && replyAction.status === 'running';

  // Ready to type when the chat opens, and again after each turn or reply (the box was
  // disabled) — unless the trainee is busy elsewhere, say in the documents.
  const wasRunning = useRef(false);
  useEffect(() => {
    const active = document.activeElement;
    const idle = active === null || active === document.body || (formRef.current?.contains(active) ?? false);
    if (!running && ((wasRunning.current && idle) || active === document.body)) textareaRef.current?.focus();
    wasRunning.current = running;
  }, [running]);

  const send = () => {
    if (running) return;
    void sendAnswer();
  };

  return (
    <form
      ref={formRef}
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
        {replying && !evaluating ? (
          <button
            type="button"
            className="btn btn-secondary composer-send composer-stop"
            data-testid="stop-reply"
            disabled={stopping}
            aria-busy={stopping}
            aria-label="Stop the persona's reply"
            onClick={() => void stopReply()}
          >
            {stopping ? <Spinner /> : <StopIcon size={15} />}
            <span aria-hidden="true">{stopping ? 'Stopping' : 'Stop'}</span>
          </button>
        ) : (
          <button type="submit" className="btn btn-primary composer-send" data-testid="send-answer" disabled={running} aria-label="Send answer">
            {running ? <Spinner /> : <SendIcon size={16} />}
            <span aria-hidden="true">Send</span>
          </button>
        )}
      </div>
      <div className="composer-foot">
        <p id="composer-status" className="composer-status" role="status" aria-live="polite" data-testid="composer-status">
          {evaluating && (
            <span className="evaluating" data-testid="evaluating">
              <Spinner /> Evaluating your answer…
            </span>
          )}
          {replying && !evaluating && (
            <span className="evaluating" data-testid="persona-replying">
              {stopping ? 'Stopping the reply…' : 'The persona is replying…'}
            </span>
          )}
        </p>
        {draft.length >= COUNTER_FROM && (
          <span className={draft.length >= MAX_ANSWER_LENGTH ? 'composer-count composer-count-full' : 'composer-count'}>
            {draft.length.toLocaleString('en')} / {MAX_ANSWER_LENGTH.toLocaleString('en')}
          </span>
        )}
      </div>
      {replyAction.kind === 'stop' && replyAction.status === 'error' && (
        <p className="inline-error" role="alert" data-testid="stop-error">
          <AlertIcon size={16} /> {replyAction.error}
        </p>
      )}
      {turn.status === 'error' && turn.error && (
        <p id="answer-error" className="inline-error" role="alert" data-testid="answer-error">
          <AlertIcon size={16} /> {turn.error}
        </p>
      )}
    </form>
  );
}
