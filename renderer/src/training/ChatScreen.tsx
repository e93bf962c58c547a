import { useEffect, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { RiskAlert, StepResult } from '../../../shared/training/types';
import { DocumentsPanel } from '../documents/DocumentsPanel';
import { useAppStore } from '../store';
import type { AppState } from '../store/types';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { formatScore } from '../ui/format';
import { ClockIcon, FlagIcon, LightbulbIcon, ShieldIcon, SparkIcon } from '../ui/icons';
import { Composer } from './Composer';
import { describeRemaining, formatClock, riskResources, stepStatusLabels } from './format';
import { Transcript } from './Transcript';

const noSteps: StepResult[] = [];
const noRisks: RiskAlert[] = [];

/** The persona's name: from the session's own snapshot, else from the scenario once loaded. */
export const selectPersonaName = (state: AppState): string =>
  state.session?.persona?.name ??
  (state.detail && state.detail.summary.id === state.session?.session.scenarioId ? state.detail.definition.persona.name : 'Persona');

/** The running session: header with progress and time, transcript, composer, documents. */
export function ChatScreen() {
  const syncSession = useAppStore((state) => state.syncSession);
  const personaName = useAppStore(selectPersonaName);
  // A scenario without documents gets the whole width for the conversation.
  const noDocuments = useAppStore(
    (state) => state.detail !== null && state.detail.summary.id === state.session?.session.scenarioId && state.detail.documents.length === 0,
  );

  // Coming back to the window (after sleep, say) re-reads the session: its time may be up.
  useEffect(() => {
    const onVisible = () => {
      if (document.visibilityState === 'visible') void syncSession();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => document.removeEventListener('visibilitychange', onVisible);
  }, [syncSession]);

  return (
    <main className={noDocuments ? 'chat-page chat-page-solo' : 'chat-page'} data-testid="chat-screen" aria-labelledby="chat-title">
      <div className="chat-main">
        <ChatHeader personaName={personaName} />
        <RiskPanel personaName={personaName} />
        <Transcript personaName={personaName} />
        <HintPanel />
        <Composer />
        <Announcer personaName={personaName} />
      </div>
      {!noDocuments && (
        <aside className="chat-aside" aria-label="Reference documents">
          <DocumentsPanel />
        </aside>
      )}
    </main>
  );
}

function ChatHeader({ personaName }: { personaName: string }) {
  const title = useAppStore((state) => state.session!.session.scenarioTitle);
  const hasHint = useAppStore((state) => state.session?.currentHint != null);
  const hintShown = useAppStore((state) => state.hintShown);
  const toggleHint = useAppStore((state) => state.toggleHint);
  const [confirmEnd, setConfirmEnd] = useState(false);

  useEffect(() => {
    window.scrollTo({ top: 0 });
  }, []);

  return (
    <header className="chat-header">
      <div className="chat-title-row">
        <div className="chat-title-text">
          <p className="eyebrow chat-eyebrow">
            Practising with {personaName}
            <EngineBadge />
          </p>
          <h1 id="chat-title" data-testid="chat-title">
            {title}
          </h1>
        </div>
        <SessionTimer />
        <div className="chat-actions">
          {hasHint && (
            <button
              type="button"
              className="btn btn-secondary btn-small"
              data-testid="hint-button"
              aria-expanded={hintShown}
              aria-controls="hint-panel"
              onClick={toggleHint}
            >
              <LightbulbIcon size={15} />
              {hintShown ? 'Hide hint' : 'Hint'}
            </button>
          )}
          <button type="button" className="btn btn-secondary btn-small btn-end" data-testid="end-session" onClick={() => setConfirmEnd(true)}>
            <FlagIcon size={15} />
            End session
          </button>
        </div>
      </div>
      <StepProgress />
      <EndSessionDialog open={confirmEnd} onClose={() => setConfirmEnd(false)} />
    </header>
  );
}

/** Who plays the persona in this session; switches to "Offline persona" if the AI one fails. */
export function EngineBadge() {
  const engine = useAppStore((state) => state.session?.session.engine ?? null);
  if (!engine) return null;
  const ai = engine === 'llm';
  return (
    <span
      className={ai ? 'engine-badge engine-llm' : 'engine-badge engine-offline'}
      data-testid="engine-badge"
      data-engine={engine}
      title={ai ? 'A language model plays the persona; answers are also scored by the AI judge when it is on.' : 'The built-in persona says the scenario’s lines; answers are scored by the keyword rules.'}
    >
      {ai && <SparkIcon size={12} />}
      {ai ? 'AI persona' : 'Offline persona'}
    </span>
  );
}

function StepProgress() {
  const steps = useAppStore((state) => state.session?.steps ?? noSteps);
  const current = useAppStore((state) => state.session!.session.currentStepIndex);
  const stepCount = useAppStore((state) => state.session!.session.stepCount || state.session!.steps.length);
  const step = steps[current];
  const passed = steps.filter((candidate) => candidate.status === 'passed').length;
  const missed = steps.filter((candidate) => candidate.status === 'missed').length;

  return (
    <div className="step-progress" data-testid="step-progress">
      <div className="step-progress-head">
        <p className="step-counter" data-testid="step-counter">
          Step {Math.min(current + 1, stepCount)} of {stepCount}
        </p>
        <p className="step-tally">
          {passed} passed{missed > 0 ? ` · ${missed} missed` : ''}
          {step && step.attempts > 0 && step.status === 'in_progress' ? ` · attempt ${step.attempts + 1} of ${step.maxAttempts}` : ''}
        </p>
      </div>
      <ol className="step-track" aria-label="Steps">
        {steps.map((item) => (
          <li
            key={item.stepId}
            className={`step-seg step-seg-${item.status}${item.index === current ? ' step-seg-current' : ''}`}
            data-testid="step-seg"
            data-status={item.status}
            aria-current={item.index === current ? 'step' : undefined}
            title={`Step ${item.index + 1}: ${stepStatusLabels[item.status]}${item.bestScore !== null ? ` (best score ${formatScore(item.bestScore)})` : ''}`}
          >
            <span className="visually-hidden">
              Step {item.index + 1}: {stepStatusLabels[item.status]}
            </span>
          </li>
        ))}
      </ol>
      {step && (
        <p className="step-goal-line" data-testid="step-goal">
          <span className="field-label">Your goal now</span>
          {step.goal}
        </p>
      )}
    </div>
  );
}

/**
 * The time left, counted down locally from the last view and corrected by every new view.
 * At zero it asks main, which ends the session with `time_limit` (and the summary shows).
 */
function SessionTimer() {
  const remaining = useAppStore((state) => state.session?.session.remainingSeconds ?? null);
  const receivedAt = useAppStore((state) => state.sessionReceivedAt);
  const syncSession = useAppStore((state) => state.syncSession);
  const [now, setNow] = useState(() => Date.now());
  const syncedFor = useRef(0);

  useEffect(() => {
    if (remaining === null) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [remaining, receivedAt]);

  const left = remaining === null ? null : Math.max(0, remaining - Math.floor(Math.max(0, now - receivedAt) / 1000));

  useEffect(() => {
    if (left !== 0 || syncedFor.current === receivedAt) return;
    syncedFor.current = receivedAt;
    void syncSession();
  }, [left, receivedAt, syncSession]);

  // A few spoken warnings (the ticking clock itself is not announced).
  const [warning, setWarning] = useState('');
  useEffect(() => {
    if (left === 300 || left === 60) setWarning(`${describeRemaining(left)} in this session.`);
  }, [left]);

  if (left === null) return null;
  const urgency = left <= 60 ? 'timer-critical' : left <= 300 ? 'timer-low' : '';
  return (
    <div className={`timer ${urgency}`} data-testid="session-timer">
      <ClockIcon size={16} />
      <span className="visually-hidden">Time left: </span>
      <span role="timer" aria-label={describeRemaining(left)} data-testid="time-left" data-seconds={left}>
        {formatClock(left)}
      </span>
      <span className="timer-label" aria-hidden="true">
        left
      </span>
      <span className="visually-hidden" role="status" aria-live="polite">
        {warning}
      </span>
    </div>
  );
}

function HintPanel() {
  const hint = useAppStore((state) => state.session?.currentHint ?? null);
  const shown = useAppStore((state) => state.hintShown);
  return (
    <div id="hint-panel" className="hint-region" aria-live="polite">
      {hint && shown && (
        <div className="hint" data-testid="hint">
          <LightbulbIcon size={16} />
          <p>
            <strong>Hint:</strong> {hint}
          </p>
        </div>
      )}
    </div>
  );
}

/** Safety language came up: the resources are shown at once and stay until the session ends. */
function RiskPanel({ personaName }: { personaName: string }) {
  const risks = useAppStore((state) => state.session?.risks ?? noRisks);
  const [collapsed, setCollapsed] = useState(false);
  const count = risks.length;
  // A new detection opens the panel again.
  useEffect(() => setCollapsed(false), [count]);
  if (count === 0) return null;

  const resources = riskResources(risks);
  const phrases = [...new Set(risks.map((risk) => risk.phrase))];
  const speakers = new Set(risks.map((risk) => risk.speaker));
  const who = [speakers.has('persona') ? personaName : null, speakers.has('trainee') ? 'you' : null].filter(Boolean).join(' and ');

  return (
    <section className="risk-panel" role="alert" aria-labelledby="risk-title" data-testid="risk-panel">
      <div className="risk-head">
        <ShieldIcon size={20} />
        <div className="risk-intro">
          <h2 id="risk-title">Support resources</h2>
          <p>
            {who ? `${who.charAt(0).toUpperCase()}${who.slice(1)} used` : 'The conversation contains'} safety language (
            {phrases.map((phrase) => `“${phrase}”`).join(', ')}). If this is real for you or someone you know, help is available:
          </p>
        </div>
        <button
          type="button"
          className="btn btn-small btn-ghost risk-toggle"
          aria-expanded={!collapsed}
          aria-controls="risk-resources"
          onClick={() => setCollapsed((value) => !value)}
        >
          {collapsed ? 'Show' : 'Hide'}
        </button>
      </div>
      {!collapsed && (
        <ul id="risk-resources" className="risk-resources" data-testid="risk-resources">
          {resources.map((resource) => (
            <li key={resource}>{resource}</li>
          ))}
        </ul>
      )}
    </section>
  );
}

function EndSessionDialog({ open, onClose }: { open: boolean; onClose(): void }) {
  const action = useAppStore((state) => state.sessionAction);
  const endSession = useAppStore((state) => state.endSession);
  const progress = useAppStore(
    useShallow((state) => ({
      done: state.session?.steps.filter((step) => step.status === 'passed' || step.status === 'missed').length ?? 0,
      total: state.session?.session.stepCount ?? 0,
    })),
  );
  const ending = action.kind === 'end' && action.status === 'running';

  return (
    <ConfirmDialog
      open={open}
      title="End this session now?"
      confirmLabel="End session"
      busyLabel="Ending…"
      cancelLabel="Keep practising"
      danger
      busy={ending}
      error={action.kind === 'end' && action.status === 'error' ? action.error : null}
      onConfirm={() => void endSession()}
      onCancel={onClose}
      testId="end-dialog"
    >
      <p>
        You have finished {progress.done} of {progress.total} steps. Steps you have not reached count as not passed, and you cannot
        continue this session afterwards.
      </p>
      <p>You will get your summary and feedback straight away.</p>
    </ConfirmDialog>
  );
}

/**
 * Announces, politely, what arrived since the last view: the persona's new lines (once
 * a streamed reply is complete, stopped or failed) and the feedback on the trainee's
 * answer. (The virtualised transcript itself is not a live region: rows appearing as you
 * scroll must not be read out.)
 */
function Announcer({ personaName }: { personaName: string }) {
  const sessionId = useAppStore((state) => state.session?.session.id ?? null);
  const messages = useAppStore((state) => state.session?.messages);
  const feedback = useAppStore((state) => state.session?.feedback);
  const seen = useRef<{ sessionId: string | null; ids: Set<string> } | null>(null);
  const [text, setText] = useState('');

  useEffect(() => {
    if (!messages || !feedback) return;
    const settled = (message: (typeof messages)[number]) => message.status !== 'streaming';
    if (seen.current?.sessionId !== sessionId) {
      // Opening a session reads out only its opening line (not the whole history).
      seen.current = { sessionId, ids: new Set(messages.length <= 1 ? [] : messages.filter(settled).map((message) => message.id)) };
    }
    const announced = seen.current.ids;
    const parts: string[] = [];
    for (const message of messages) {
      if (announced.has(message.id) || !settled(message)) continue;
      announced.add(message.id);
      if (message.role === 'trainee') {
        const rows = feedback.filter((candidate) => candidate.messageId === message.id && candidate.type !== 'manual');
        const item = rows[rows.length - 1];
        if (item) {
          const keywords = rows.find((candidate) => candidate.type === 'rule_based') ?? item;
          parts.push(
            `Feedback: ${item.passed ? 'passed' : 'not passed'}, score ${formatScore(item.score)}.` +
              (keywords.missing.length > 0 ? ` Missing: ${keywords.missing.join(', ')}.` : '') +
              (keywords.suggestion ? ` ${keywords.suggestion}` : ''),
          );
        }
      } else if (message.role === 'persona') {
        if (message.content !== '') parts.push(`${personaName} says: ${message.content}`);
        if (message.status === 'stopped') parts.push('Reply stopped.');
        if (message.status === 'failed') parts.push('The reply failed.');
      } else {
        parts.push(message.content);
      }
    }
    if (parts.length > 0) setText(parts.join(' '));
  }, [messages, feedback, sessionId, personaName]);

  return (
    <div className="visually-hidden" aria-live="polite" data-testid="announcer">
      {text}
    </div>
  );
}
