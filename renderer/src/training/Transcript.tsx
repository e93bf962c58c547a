import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useMemo, useRef } from 'react';
import type { FeedbackItem, TranscriptMessage } from '../../../shared/training/types';
import { useAppStore } from '../store';
import { formatTime } from '../ui/format';
import { AlertIcon, ArrowDownIcon, RefreshIcon, Spinner } from '../ui/icons';
import { FeedbackCard, feedbackCards } from './FeedbackCard';
import { initials } from './format';

const noMessages: TranscriptMessage[] = [];
/** How close to the bottom (px) still counts as "reading the newest message". */
const FOLLOW_THRESHOLD = 48;
const noFeedback: FeedbackItem[] = [];

/** Feedback rows by the trainee message they evaluate. */
export function groupFeedback(feedback: FeedbackItem[]): Map<string, FeedbackItem[]> {
  const byMessage = new Map<string, FeedbackItem[]>();
  for (const item of feedback) {
    if (!item.messageId) continue;
    const list = byMessage.get(item.messageId);
    if (list) list.push(item);
    else byMessage.set(item.messageId, [item]);
  }
  return byMessage;
}

/** A first guess at a row's height (real heights are measured once rendered). */
function estimateRow(message: TranscriptMessage | undefined, feedbackCount: number): number {
  if (!message) return 80;
  if (message.role === 'system') return 52;
  const lines = Math.max(1, Math.ceil(message.content.length / 70));
  return 54 + lines * 23 + feedbackCount * 170;
}

interface Props {
  /** The persona's display name (falls back to "Persona"). */
  personaName: string;
  /** Extra class for the scroll box (the summary shows it in a fixed-height panel). */
  className?: string;
}

/**
 * The conversation, virtualised: only the rows in (and near) view are in the DOM, each
 * measured as it renders, so thousands of messages scroll smoothly. It follows new
 * messages while the reader is at the bottom, stays put when they scrolled up to read,
 * and always jumps to the end when the trainee sends an answer.
 */
export function Transcript({ personaName, className }: Props) {
  const sessionId = useAppStore((state) => state.session?.session.id ?? null);
  const messages = useAppStore((state) => state.session?.messages ?? noMessages);
  const feedback = useAppStore((state) => state.session?.feedback ?? noFeedback);
  const feedbackByMessage = useMemo(() => groupFeedback(feedback), [feedback]);
  // "Retry reply" belongs to the last persona message, while the AI persona runs the session.
  const retryableId = useAppStore((state) => {
    const view = state.session;
    if (!view || view.session.status !== 'in_progress' || view.session.engine !== 'llm') return null;
    const last = view.messages.findLast((message) => message.role === 'persona');
    return last && (last.status === 'failed' || last.status === 'stopped') ? last.id : null;
  });
  const scrollRef = useRef<HTMLDivElement>(null);

  const virtualizer = useVirtualizer({
    count: messages.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (index) => {
      const message = messages[index];
      return estimateRow(message, message ? (feedbackByMessage.get(message.id)?.length ?? 0) : 0);
    },
    getItemKey: (index) => messages[index]?.id ?? index,
    overscan: 6,
    paddingStart: 16,
    paddingEnd: 20,
    // Chat behaviour: rows growing or arriving at the end keep the bottom in view.
    anchorTo: 'end',
    followOnAppend: true,
    scrollEndThreshold: FOLLOW_THRESHOLD,
  });

  // Opening a session starts at its newest message.
  const openedFor = useRef<string | null>(null);
  useEffect(() => {
    if (!sessionId || messages.length === 0 || openedFor.current === sessionId) return;
    openedFor.current = sessionId;
    virtualizer.scrollToIndex(messages.length - 1, { align: 'end' });
  }, [sessionId, messages.length, virtualizer]);

  // The trainee's own answer always brings the view down to it and the reply.
  const lastSeen = useRef<{ sessionId: string | null; seq: number }>({ sessionId: null, seq: -1 });
  useEffect(() => {
    const lastSeq = messages[messages.length - 1]?.seq ?? -1;
    const previous = lastSeen.current;
    lastSeen.current = { sessionId, seq: lastSeq };
    if (previous.sessionId !== sessionId || lastSeq <= previous.seq) return;
    const sentByTrainee = messages.some((message) => message.seq > previous.seq && message.role === 'trainee');
    if (sentByTrainee && !virtualizer.isAtEnd(FOLLOW_THRESHOLD)) virtualizer.scrollToIndex(messages.length - 1, { align: 'end' });
  }, [messages, sessionId, virtualizer]);

  // The box itself shrinks when the hint, an error or a longer answer takes room below it:
  // a reader who was at the newest message stays there.
  useEffect(() => {
    const element = scrollRef.current;
    if (!element) return;
    let atEnd = true;
    let height = element.clientHeight;
    const onScroll = () => {
      atEnd = element.scrollHeight - element.scrollTop - element.clientHeight <= FOLLOW_THRESHOLD;
    };
    const observer = new ResizeObserver(() => {
      if (element.clientHeight === height) return;
      height = element.clientHeight;
      if (atEnd) element.scrollTop = element.scrollHeight;
    });
    element.addEventListener('scroll', onScroll, { passive: true });
    observer.observe(element);
    return () => {
      element.removeEventListener('scroll', onScroll);
      observer.disconnect();
    };
  }, []);

  const items = virtualizer.getVirtualItems();
  const awayFromEnd = messages.length > 0 && virtualizer.getDistanceFromEnd() > 160;

  return (
    <div className={className ? `transcript-wrap ${className}` : 'transcript-wrap'}>
      <div
        ref={scrollRef}
        className="transcript"
        data-testid="transcript"
        role="region"
        aria-label="Conversation"
        tabIndex={0}
      >
        <div role="list" className="transcript-rows" style={{ height: virtualizer.getTotalSize() }} data-count={messages.length}>
          {items.map((item) => {
            const message = messages[item.index];
            if (!message) return null;
            return (
              <div
                key={item.key}
                role="listitem"
                aria-posinset={item.index + 1}
                aria-setsize={messages.length}
                data-index={item.index}
                ref={virtualizer.measureElement}
                className="transcript-row"
                style={{ transform: `translateY(${item.start}px)` }}
              >
                <MessageRow
                  message={message}
                  feedback={feedbackByMessage.get(message.id)}
                  personaName={personaName}
                  retryable={message.id === retryableId}
                />
              </div>
            );
          })}
        </div>
      </div>
      {awayFromEnd && (
        <button
          type="button"
          className="btn btn-secondary btn-small jump-to-latest"
          data-testid="jump-to-latest"
          onClick={() => virtualizer.scrollToIndex(messages.length - 1, { align: 'end' })}
        >
          <ArrowDownIcon size={14} />
          Latest message
        </button>
      )}
    </div>
  );
}

const statusLabels: Record<Exclude<TranscriptMessage['status'], 'complete'>, string> = {
  streaming: 'typing…',
  stopped: 'Stopped',
  failed: 'Reply failed',
};

const MessageRow = memo(function MessageRow({
  message,
  feedback,
  personaName,
  retryable,
}: {
  message: TranscriptMessage;
  feedback: FeedbackItem[] | undefined;
  personaName: string;
  retryable: boolean;
}) {
  if (message.role === 'system') {
    return (
      <div className="msg msg-system" data-testid="message" data-role="system" data-seq={message.seq}>
        <p className="msg-system-text">{message.content}</p>
      </div>
    );
  }
  const persona = message.role === 'persona';
  const author = persona ? personaName : 'You';
  const cards = feedback ? feedbackCards(feedback) : [];
  return (
    <div className={`msg msg-${message.role} msg-${message.status}`} data-testid="message" data-role={message.role} data-seq={message.seq} data-status={message.status}>
      {persona && (
        <div className="msg-avatar" aria-hidden="true">
          {initials(personaName)}
        </div>
      )}
      <div className="msg-body">
        <p className="msg-meta">
          <span className="msg-author">{author}</span>
          <time dateTime={message.createdAt}>{formatTime(message.createdAt)}</time>
          {message.status !== 'complete' && <MessageStatus status={message.status} />}
        </p>
        <div className="msg-bubble" data-testid="message-text">
          {message.status === 'streaming' ? (
            <StreamingText messageId={message.id} personaName={personaName} />
          ) : message.content === '' && message.status !== 'complete' ? (
            <span className="msg-empty">No words arrived before the reply {message.status === 'stopped' ? 'was stopped' : 'failed'}.</span>
          ) : (
            message.content
          )}
        </div>
        {message.sources.length > 0 && <SourcesUsed sources={message.sources} />}
        {retryable && <RetryReply />}
        {cards.map((items) => (
          <FeedbackCard key={items[0]!.id} items={items} />
        ))}
      </div>
    </div>
  );
});

/**
 * The document passages the AI judge (for an answer) or persona (for a reply) was given;
 * each opens in the documents panel at its heading.
 */
function SourcesUsed({ sources: chunks }: { sources: TranscriptMessage['sources'] }) {
  const openDocumentById = useAppStore((state) => state.openDocumentById);
  // Several chunks of one section read as one source.
  const sources = chunks.filter((chunk, index) => chunks.findIndex((other) => other.documentId === chunk.documentId && other.heading === chunk.heading) === index);
  return (
    <div className="msg-sources" data-testid="sources-used">
      <span className="msg-sources-label">Sources used</span>
      <ul>
        {sources.map((source) => (
          <li key={source.chunkId}>
            <button type="button" className="msg-source-link" onClick={() => void openDocumentById(source.documentId, source.heading)} title={source.heading}>
              {source.documentTitle}
              {source.heading ? ` › ${source.heading.split(' > ').at(-1)}` : ''}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

function MessageStatus({ status }: { status: Exclude<TranscriptMessage['status'], 'complete'> }) {
  const stopping = useAppStore((state) => status === 'streaming' && state.replyAction.kind === 'stop' && state.replyAction.status === 'running');
  return (
    <span className={`msg-status msg-status-${status}`} data-testid="message-status">
      {status === 'failed' && <AlertIcon size={12} />}
      {stopping ? 'Stopping…' : statusLabels[status]}
    </span>
  );
}

/**
 * A persona reply as it streams in: the text so far and a typing caret, or typing dots
 * before the first words. Pressing Stop freezes it at once (no caret, no more text).
 */
function StreamingText({ messageId, personaName }: { messageId: string; personaName: string }) {
  const text = useAppStore((state) => state.streamText[messageId] ?? '');
  const stopping = useAppStore((state) => state.replyAction.kind === 'stop' && state.replyAction.status === 'running');
  if (text === '') {
    return stopping ? (
      <span className="msg-empty">Stopping…</span>
    ) : (
      <span className="typing-dots" role="img" aria-label={`${personaName} is typing`} data-testid="typing-dots">
        <span />
        <span />
        <span />
      </span>
    );
  }
  return (
    <>
      {text}
      {!stopping && <span className="typing-caret" aria-hidden="true" data-testid="typing-caret" />}
    </>
  );
}

/** Under a failed or stopped AI reply: ask the persona again. */
function RetryReply() {
  const action = useAppStore((state) => state.replyAction);
  const retryReply = useAppStore((state) => state.retryReply);
  const running = action.kind === 'retry' && action.status === 'running';
  return (
    <div className="msg-retry">
      <button type="button" className="btn btn-secondary btn-small" data-testid="retry-reply" disabled={running} aria-busy={running} onClick={() => void retryReply()}>
        {running ? <Spinner /> : <RefreshIcon size={14} />}
        Retry reply
      </button>
      {action.kind === 'retry' && action.status === 'error' && (
        <p className="inline-error" role="alert" data-testid="retry-error">
          <AlertIcon size={16} /> {action.error}
        </p>
      )}
    </div>
  );
}
