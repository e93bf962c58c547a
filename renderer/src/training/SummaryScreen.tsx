import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { ReportFormat, StepResult } from '../../../shared/training/types';
import { humaniseId } from '../scenario/ScenarioOverview';
import { useAppStore } from '../store';
import type { PersonalGoalDraft } from '../store/types';
import { formatScore, formatTimestamp } from '../ui/format';
import { ResultBadge } from './ResultBadge';
import { AlertIcon, ArrowLeftIcon, CheckIcon, DownloadIcon, PlayIcon, SparkIcon, Spinner } from '../ui/icons';
import { selectPersonaName } from './ChatScreen';
import { FacilitatorFeedbackSection } from './FacilitatorFeedback';
import { completionReasonLabel, riskResources, stepStatusLabels } from './format';
import { Transcript } from './Transcript';

/** After the session: the result, per-step outcomes, the summary, reflection, goals, exports. */
export function SummaryScreen() {
  const info = useAppStore((state) => state.session!.session);
  const passScore = useAppStore(
    (state) =>
      state.session!.session.passScore ??
      (state.detail && state.detail.summary.id === state.session?.session.scenarioId ? state.detail.definition.completion.pass_score : null),
  );
  const goToLibrary = useAppStore((state) => state.goToLibrary);
  const titleRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    titleRef.current?.focus({ preventScroll: true });
    window.scrollTo({ top: 0 });
  }, [info.id]);

  return (
    <main className="page summary-page" data-testid="summary-screen" aria-labelledby="summary-title">
      <nav className="back-nav" aria-label="Back">
        <button type="button" className="btn btn-ghost btn-back" data-testid="summary-back" onClick={goToLibrary}>
          <ArrowLeftIcon size={16} />
          Back to library
        </button>
      </nav>

      <header className="summary-hero">
        <ScoreRing score={info.totalScore} passed={info.passed} />
        <div className="summary-hero-text">
          <p className="eyebrow">Session summary</p>
          <h1 id="summary-title" ref={titleRef} tabIndex={-1} data-testid="summary-title">
            {info.scenarioTitle}
          </h1>
          <div className="summary-verdict-row">
            <ResultBadge passed={info.passed} testId="summary-result" />
            <span className="summary-fact" data-testid="summary-score">
              Score <strong>{formatScore(info.totalScore)}</strong> / 100
              {passScore !== null && (
                <>
                  {' '}
                  · pass mark <strong data-testid="pass-mark">{passScore}</strong>
                </>
              )}
            </span>
          </div>
          <p className="summary-reason" data-testid="completion-reason">
            {completionReasonLabel(info.completionReason, info.status)}
            {info.completedAt && (
              <span className="muted"> · {formatTimestamp(info.completedAt)}</span>
            )}
          </p>
        </div>
        <SummaryActions />
      </header>

      <RiskNote />
      <StepsTable />
      <FacilitatorFeedbackSection />
      <SummaryLists />
      <ExportPanel />
      <div className="summary-forms">
        <ReflectionForm />
        <GoalForm />
      </div>
      <ConversationReview />
    </main>
  );
}

function ScoreRing({ score, passed }: { score: number | null; passed: boolean | null }) {
  const value = Math.max(0, Math.min(100, score ?? 0));
  const tone = passed === true ? 'ring-passed' : passed === false ? 'ring-failed' : 'ring-none';
  return (
    <div className={`score-ring ${tone}`} style={{ ['--value' as string]: value }} aria-hidden="true">
      <div className="score-ring-inner">
        <span className="score-ring-value">{formatScore(score)}</span>
        <span className="score-ring-unit">of 100</span>
      </div>
    </div>
  );
}

function SummaryActions() {
  const scenarioId = useAppStore((state) => state.session!.session.scenarioId);
  const practiceStart = useAppStore((state) => state.practiceStart);
  const startPractice = useAppStore((state) => state.startPractice);
  const goToLibrary = useAppStore((state) => state.goToLibrary);
  const starting = practiceStart.status === 'running';
  return (
    <div className="summary-actions">
      <button type="button" className="btn btn-primary" data-testid="practise-again" onClick={() => void startPractice(scenarioId)} disabled={starting} aria-busy={starting}>
        {starting ? <Spinner /> : <PlayIcon size={15} />}
        Practise again
      </button>
      <button type="button" className="btn btn-secondary" data-testid="back-to-library" onClick={goToLibrary}>
        Back to library
      </button>
      {practiceStart.status === 'error' && (
        <p className="inline-error action-error" role="alert">
          <AlertIcon size={16} /> {practiceStart.error}
        </p>
      )}
    </div>
  );
}

/** Safety language came up during the session: its resources stay on the summary too. */
function RiskNote() {
  const risks = useAppStore((state) => state.session!.risks);
  if (risks.length === 0) return null;
  return (
    <section className="risk-panel risk-panel-summary" aria-labelledby="summary-risk-title" data-testid="summary-risk">
      <h2 id="summary-risk-title">Support resources</h2>
      <ul className="risk-resources">
        {riskResources(risks).map((resource) => (
          <li key={resource}>{resource}</li>
        ))}
      </ul>
    </section>
  );
}

function StepsTable() {
  const steps = useAppStore((state) => state.session!.steps);
  const passed = steps.filter((step) => step.status === 'passed').length;
  return (
    <section className="section summary-section" aria-labelledby="steps-title">
      <h2 id="steps-title">
        Step by step <span className="section-count">{`${passed} of ${steps.length} passed`}</span>
      </h2>
      <div className="table-wrap">
        <table className="data-table steps-table" data-testid="steps-table">
          <thead>
            <tr>
              <th scope="col">Step</th>
              <th scope="col" className="goal-cell">
                Goal
              </th>
              <th scope="col">Result</th>
              <th scope="col" className="num">
                Attempts
              </th>
              <th scope="col" className="num">
                Best score
              </th>
            </tr>
          </thead>
          <tbody>
            {steps.map((step) => (
              <StepRow key={step.stepId} step={step} />
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function StepRow({ step }: { step: StepResult }) {
  // The session is over: a step still "in progress" was left unfinished.
  const status = step.status === 'in_progress' ? 'unfinished' : step.status;
  const label = step.status === 'in_progress' ? 'Not finished' : stepStatusLabels[step.status];
  return (
    <tr data-testid="step-row" data-status={status}>
      <th scope="row" className="step-cell">
        <span className="step-index">{step.index + 1}</span>
        {humaniseId(step.stepId)}
        {/* Narrow windows fold the goal column in here (only one of the two is displayed). */}
        <span className="step-goal-sub">{step.goal}</span>
      </th>
      <td className="goal-cell">{step.goal}</td>
      <td>
        <span className={`status-pill status-${status}`}>{label}</span>
      </td>
      <td className="num">
        {step.attempts} <span className="muted">of {step.maxAttempts}</span>
      </td>
      <td className="num">
        <strong>{formatScore(step.bestScore)}</strong> <span className="muted">/ pass {step.passScore}</span>
      </td>
    </tr>
  );
}

function SummaryLists() {
  const summary = useAppStore((state) => state.session!.summary);
  if (!summary) {
    return (
      <section className="section summary-section">
        <h2>What went well and what to work on</h2>
        <p className="muted">No summary was produced for this session.</p>
      </section>
    );
  }
  const lists: { key: string; title: string; items: string[]; tone: string; empty: string }[] = [
    { key: 'strengths', title: 'Strengths', items: summary.strengths, tone: 'tone-good', empty: 'No strengths recorded yet.' },
    { key: 'gaps', title: 'Gaps', items: summary.gaps, tone: 'tone-gap', empty: 'No gaps found.' },
    { key: 'learnings', title: 'Key learnings', items: summary.keyLearnings, tone: 'tone-info', empty: 'Nothing noted.' },
    { key: 'actions', title: 'Action items', items: summary.actionItems, tone: 'tone-action', empty: 'Nothing to do next.' },
  ];
  return (
    <section className="summary-grid" aria-label="Summary" data-testid="summary-lists" data-generated-by={summary.generatedBy}>
      {summary.generatedBy === 'llm' && (
        <p className="summary-source" data-testid="summary-source">
          <SparkIcon size={14} /> Written by the AI model from your conversation and feedback.
        </p>
      )}
      {lists.map((list) => (
        <section key={list.key} className={`section summary-card ${list.tone}`} aria-labelledby={`summary-${list.key}`} data-testid={`summary-${list.key}`}>
          <h2 id={`summary-${list.key}`}>{list.title}</h2>
          {list.items.length === 0 ? (
            <p className="muted">{list.empty}</p>
          ) : (
            <ul className="summary-list">
              {list.items.map((item, index) => (
                <li key={index}>{item}</li>
              ))}
            </ul>
          )}
        </section>
      ))}
    </section>
  );
}

const exportFormats: { format: ReportFormat; label: string; hint: string }[] = [
  { format: 'pdf', label: 'PDF', hint: 'to print or share' },
  { format: 'html', label: 'HTML', hint: 'a web page' },
  { format: 'md', label: 'Markdown', hint: 'plain text' },
  { format: 'json', label: 'JSON', hint: 'for other tools' },
];

function ExportPanel() {
  const state = useAppStore((store) => store.reportExport);
  const exportReport = useAppStore((store) => store.exportReport);
  return (
    <section className="section summary-section export-panel" aria-labelledby="export-title" data-testid="export-panel">
      <div className="export-head">
        <div>
          <h2 id="export-title">Export the report</h2>
          <p className="muted">The transcript, feedback and summary of this session in one file.</p>
        </div>
        <div className="export-buttons" role="group" aria-label="Report formats">
          {exportFormats.map(({ format, label, hint }) => {
            const running = state.status === 'running' && state.format === format;
            return (
              <button
                key={format}
                type="button"
                className="btn btn-secondary export-button"
                data-testid={`export-${format}`}
                title={`Export as ${label} (${hint})`}
                disabled={state.status === 'running'}
                aria-busy={running}
                onClick={() => void exportReport(format)}
              >
                {running ? <Spinner /> : <DownloadIcon size={15} />}
                {label}
              </button>
            );
          })}
        </div>
      </div>
      <p className="export-status" role="status" aria-live="polite" data-testid="export-status">
        {state.status === 'running' && 'Preparing the report…'}
        {state.message && (
          <span className="export-done">
            {state.status === 'done' && <CheckIcon size={15} />}
            {state.message}
          </span>
        )}
      </p>
      {state.status === 'error' && (
        <p className="inline-error" role="alert" data-testid="export-error">
          <AlertIcon size={16} /> The report could not be exported. {state.error}
        </p>
      )}
    </section>
  );
}

function ReflectionForm() {
  const reflection = useAppStore((state) => state.session!.reflection);
  const save = useAppStore((state) => state.reflectionSave);
  const saveReflection = useAppStore((state) => state.saveReflection);
  const [takeaways, setTakeaways] = useState(reflection?.takeaways ?? '');
  const [revisedGoal, setRevisedGoal] = useState(reflection?.revisedGoal ?? '');
  const [problem, setProblem] = useState<string | null>(null);
  const saving = save.status === 'running';
  const changed = takeaways !== (reflection?.takeaways ?? '') || revisedGoal !== (reflection?.revisedGoal ?? '');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (takeaways.trim() === '') {
      setProblem('Write at least one takeaway before saving.');
      return;
    }
    setProblem(null);
    await saveReflection(takeaways.trim(), revisedGoal.trim() === '' ? null : revisedGoal.trim());
  };

  return (
    <section className="section summary-section form-card" aria-labelledby="reflection-title" data-testid="reflection-form">
      <h2 id="reflection-title">Your reflection</h2>
      <p className="muted form-intro">A few lines now make the next session better. Only you and your facilitator see this.</p>
      <form onSubmit={(event) => void submit(event)} noValidate>
        <div className="field">
          <label htmlFor="reflection-takeaways">What will you take away from this session?</label>
          <textarea
            id="reflection-takeaways"
            data-testid="reflection-takeaways"
            rows={4}
            maxLength={10_000}
            value={takeaways}
            required
            aria-invalid={problem !== null}
            onChange={(event) => setTakeaways(event.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="reflection-goal">
            Revised goal <span className="optional">(optional)</span>
          </label>
          <textarea
            id="reflection-goal"
            data-testid="reflection-goal"
            rows={2}
            maxLength={2_000}
            value={revisedGoal}
            placeholder="What will you do differently next time?"
            onChange={(event) => setRevisedGoal(event.target.value)}
          />
        </div>
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" data-testid="save-reflection" disabled={saving} aria-busy={saving}>
            {saving && <Spinner />}
            {reflection ? 'Update reflection' : 'Save reflection'}
          </button>
          <p className="form-status" role="status" aria-live="polite" data-testid="reflection-status">
            {reflection && !changed && !saving && (
              <span className="saved-note">
                <CheckIcon size={15} /> Saved {formatTimestamp(reflection.updatedAt)}
              </span>
            )}
            {reflection && changed && !saving && <span className="muted">Unsaved changes</span>}
          </p>
        </div>
        {(problem || save.status === 'error') && (
          <p className="inline-error" role="alert" data-testid="reflection-error">
            <AlertIcon size={16} /> {problem ?? `Your reflection was not saved. ${save.error}`}
          </p>
        )}
      </form>
    </section>
  );
}

const goalFields: { key: keyof PersonalGoalDraft; label: string; help: string }[] = [
  { key: 'specific', label: 'Specific', help: 'What exactly will you do?' },
  { key: 'measurable', label: 'Measurable', help: 'How will you know you did it?' },
  { key: 'achievable', label: 'Achievable', help: 'What will help you do it?' },
  { key: 'relevant', label: 'Relevant', help: 'Why does it matter in your work?' },
  { key: 'time_bound', label: 'Time-bound', help: 'By when?' },
];

const emptyGoal: PersonalGoalDraft = { specific: '', measurable: '', achievable: '', relevant: '', time_bound: '' };

function GoalForm() {
  const revisedGoal = useAppStore((state) => state.session!.reflection?.revisedGoal ?? null);
  const save = useAppStore((state) => state.goalSave);
  const createGoal = useAppStore((state) => state.createGoal);
  const resetGoalForm = useAppStore((state) => state.resetGoalForm);
  const [goal, setGoal] = useState<PersonalGoalDraft>(() => ({ ...emptyGoal, specific: revisedGoal ?? '' }));
  const [missing, setMissing] = useState<string[]>([]);
  const prefilled = useRef(revisedGoal ?? '');
  const formId = useId();
  const saving = save.status === 'running';

  // A newly saved revised goal fills "Specific", unless the trainee has written their own.
  useEffect(() => {
    if (revisedGoal === null) return;
    setGoal((current) => (current.specific === '' || current.specific === prefilled.current ? { ...current, specific: revisedGoal } : current));
    prefilled.current = revisedGoal;
  }, [revisedGoal]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const empty = goalFields.filter((field) => goal[field.key].trim() === '').map((field) => field.label);
    setMissing(empty);
    if (empty.length > 0) {
      document.getElementById(`${formId}-${goalFields.find((field) => field.label === empty[0])!.key}`)?.focus();
      return;
    }
    const trimmed = Object.fromEntries(Object.entries(goal).map(([key, value]) => [key, value.trim()])) as unknown as PersonalGoalDraft;
    await createGoal(trimmed);
  };

  if (save.status === 'done') {
    return (
      <section className="section summary-section form-card" aria-labelledby="goal-title" data-testid="goal-form">
        <h2 id="goal-title">Make this a personal SMART goal</h2>
        <div className="notice notice-success goal-saved" role="status" data-testid="goal-saved">
          <CheckIcon size={18} />
          <p>
            <strong>Goal saved.</strong> “{goal.specific.trim()}” is now one of your personal goals, to check in on after your next
            sessions.
          </p>
        </div>
        <button
          type="button"
          className="btn btn-secondary"
          onClick={() => {
            setGoal(emptyGoal);
            prefilled.current = '';
            resetGoalForm();
          }}
        >
          Add another goal
        </button>
      </section>
    );
  }

  return (
    <section className="section summary-section form-card" aria-labelledby="goal-title" data-testid="goal-form">
      <h2 id="goal-title">Make this a personal SMART goal</h2>
      <p className="muted form-intro">Turn what you learned into a goal you can check in on. All five parts are needed.</p>
      <form onSubmit={(event) => void submit(event)} noValidate>
        {goalFields.map((field) => {
          const id = `${formId}-${field.key}`;
          const invalid = missing.includes(field.label);
          return (
            <div className="field goal-field" key={field.key}>
              <label htmlFor={id}>
                <span className="smart-letter" aria-hidden="true">
                  {field.label[0]}
                </span>
                {field.label}
              </label>
              <input
                id={id}
                type="text"
                data-testid={`goal-${field.key}`}
                maxLength={1000}
                required
                placeholder={field.help}
                aria-invalid={invalid}
                value={goal[field.key]}
                onChange={(event) => {
                  const value = event.target.value;
                  setGoal((current) => ({ ...current, [field.key]: value }));
                  if (value.trim() !== '' && invalid) setMissing((current) => current.filter((label) => label !== field.label));
                }}
              />
            </div>
          );
        })}
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" data-testid="save-goal" disabled={saving} aria-busy={saving}>
            {saving && <Spinner />}
            Save goal
          </button>
        </div>
        {(missing.length > 0 || save.status === 'error') && (
          <p className="inline-error" role="alert" data-testid="goal-error">
            <AlertIcon size={16} />
            {missing.length > 0 ? `Fill in: ${missing.join(', ')}.` : `The goal was not saved. ${save.error}`}
          </p>
        )}
      </form>
    </section>
  );
}

/** The whole conversation, folded away (virtualised like the chat, however long it is). */
function ConversationReview() {
  const count = useAppStore((state) => state.session!.messages.length);
  const personaName = useAppStore(selectPersonaName);
  const [open, setOpen] = useState(false);
  if (count === 0) return null;
  return (
    <section className="section summary-section" aria-labelledby="conversation-title">
      <div className="conversation-head">
        <h2 id="conversation-title">
          Conversation <span className="section-count">{`${count} messages`}</span>
        </h2>
        <button
          type="button"
          className="btn btn-secondary btn-small"
          data-testid="toggle-conversation"
          aria-expanded={open}
          aria-controls="conversation-review"
          onClick={() => setOpen((value) => !value)}
        >
          {open ? 'Hide the conversation' : 'Show the conversation'}
        </button>
      </div>
      <div id="conversation-review">{open && <Transcript personaName={personaName} className="transcript-review" />}</div>
    </section>
  );
}
