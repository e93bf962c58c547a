import { useEffect, useRef, useState } from 'react';
import type { GoalCheckin, GoalView } from '../../../shared/goals/types';
import { useAppStore } from '../store';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { formatDate, formatDateTime } from '../ui/format';
import { AlertIcon, CheckIcon, Spinner } from '../ui/icons';
import { CheckinForm } from './CheckinForm';
import { SmartFieldTerm } from './SmartFieldTerm';
import { goalStatusLabels, isOpenGoal, smartFieldInfo } from './smart-fields';
import { SmartGoalForm } from './SmartGoalForm';

/** How many check-ins show before "Show all". */
const RECENT_CHECKINS = 4;

export function GoalProgress({ goal }: { goal: GoalView }) {
  const value = goal.latestProgress ?? 0;
  const label = goal.latestProgress === null ? 'No check-ins yet' : `${value}%`;
  return (
    <div className="goal-progress" data-testid="goal-progress" data-progress={goal.latestProgress ?? ''}>
      <div
        className={`goal-progress-bar goal-progress-${goal.status}`}
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={value}
        aria-valuetext={label}
        aria-label={`Progress: ${goal.specific}`}
      >
        <span style={{ width: `${value}%` }} />
      </div>
      <p className="goal-progress-text">
        <strong data-testid="goal-progress-value">{label}</strong>
        {goal.latestCheckinAt && <span className="muted"> · last check-in {formatDate(goal.latestCheckinAt)}</span>}
      </p>
    </div>
  );
}

function CheckinHistory({ goal }: { goal: GoalView }) {
  const history = useAppStore((state) => state.checkinHistory[goal.id]);
  const loadCheckins = useAppStore((state) => state.loadCheckins);
  const [showAll, setShowAll] = useState(false);

  // Reads the history when the goal first shows, and again when a check-in elsewhere changed it.
  useEffect(() => {
    if (goal.checkinCount > 0 && (history === undefined || (history.status === 'ready' && history.checkins.length !== goal.checkinCount))) {
      void loadCheckins(goal.id);
    }
  }, [goal.id, goal.checkinCount, history, loadCheckins]);

  if (goal.checkinCount === 0) {
    return (
      <p className="muted checkin-empty">
        {isOpenGoal(goal.status) ? 'No check-ins yet. Check in after a practice session to track how far you are.' : 'No check-ins were recorded.'}
      </p>
    );
  }
  if (!history || (history.status === 'loading' && history.checkins.length === 0)) {
    return (
      <p className="muted checkin-empty">
        <Spinner label="Loading check-ins" /> Loading check-ins…
      </p>
    );
  }
  if (history.status === 'error' && history.checkins.length === 0) {
    return (
      <p className="inline-error" role="alert">
        <AlertIcon size={16} /> The check-ins could not be loaded. {history.error}{' '}
        <button type="button" className="btn btn-ghost btn-small" onClick={() => void loadCheckins(goal.id)}>
          Try again
        </button>
      </p>
    );
  }

  const newestFirst = [...history.checkins].reverse();
  const shown = showAll ? newestFirst : newestFirst.slice(0, RECENT_CHECKINS);
  return (
    <>
      <ol className="checkin-list" data-testid="checkin-list" aria-label={`Check-ins, newest first`}>
        {shown.map((checkin) => (
          <CheckinItem key={checkin.id} checkin={checkin} previous={history.checkins[history.checkins.indexOf(checkin) - 1] ?? null} />
        ))}
      </ol>
      {newestFirst.length > RECENT_CHECKINS && (
        <button type="button" className="btn btn-ghost btn-small checkin-more" aria-expanded={showAll} onClick={() => setShowAll((value) => !value)}>
          {showAll ? 'Show fewer' : `Show all ${newestFirst.length} check-ins`}
        </button>
      )}
    </>
  );
}

function CheckinItem({ checkin, previous }: { checkin: GoalCheckin; previous: GoalCheckin | null }) {
  const change = previous ? checkin.progress - previous.progress : null;
  return (
    <li className="checkin-item" data-testid="checkin-item">
      <div className="checkin-item-head">
        <span className="checkin-value" data-testid="checkin-value">
          {checkin.progress}%
        </span>
        {change !== null && change !== 0 && (
          <span className={change > 0 ? 'checkin-change checkin-up' : 'checkin-change checkin-down'}>
            {change > 0 ? `+${change}` : `−${Math.abs(change)}`}
          </span>
        )}
        <time className="checkin-date" dateTime={checkin.createdAt}>
          {formatDateTime(checkin.createdAt)}
        </time>
      </div>
      {checkin.note && (
        <p className="checkin-note" data-testid="checkin-note-text">
          {checkin.note}
        </p>
      )}
    </li>
  );
}

/** One personal goal: its SMART fields, progress, check-ins, and what can be done with it. */
interface Props {
  goal: GoalView;
  /** Changes whenever the page wants focus on this goal's title (new, or moved to another group). */
  focusRequest: number | null;
  /** The goal changed status and moves to another group: focus should follow it there. */
  onMoved(goalId: string): void;
}

export function GoalCard({ goal, focusRequest, onMoved }: Props) {
  const action = useAppStore((state) => (state.goalAction.goalId === goal.id ? state.goalAction : null));
  const busy = useAppStore((state) => state.goalAction.status === 'running');
  const editGoal = useAppStore((state) => state.editGoal);
  const setGoalStatus = useAppStore((state) => state.setGoalStatus);
  const removeGoal = useAppStore((state) => state.removeGoal);
  const resetGoalAction = useAppStore((state) => state.resetGoalAction);
  const goToScenario = useAppStore((state) => state.goToScenario);
  const [mode, setMode] = useState<'view' | 'edit' | 'checkin'>('view');
  const [confirmDelete, setConfirmDelete] = useState(false);
  const titleRef = useRef<HTMLHeadingElement>(null);
  const open = isOpenGoal(goal.status);
  const titleId = `goal-title-${goal.id}`;

  useEffect(() => {
    if (focusRequest !== null) titleRef.current?.focus();
  }, [focusRequest]);

  const changeStatus = async (status: GoalView['status']) => {
    if (await setGoalStatus(goal.id, status)) onMoved(goal.id);
  };

  const backToView = () => {
    setMode('view');
    resetGoalAction();
    // Focus returns to the goal rather than to the top of the page.
    requestAnimationFrame(() => titleRef.current?.focus());
  };

  const running = (kind: string) => action?.status === 'running' && action.kind === kind;
  const statusError = action?.status === 'error' && action.kind === 'status' ? action.error : null;

  return (
    <article className={`goal-card goal-${goal.status}`} aria-labelledby={titleId} data-testid="goal-card" data-goal-id={goal.id} data-status={goal.status}>
      <header className="goal-card-head">
        <div className="goal-card-badges">
          <span className={`goal-status goal-status-${goal.status}`} data-testid="goal-status">
            {goal.status === 'completed' && <CheckIcon size={13} />}
            {goalStatusLabels[goal.status]}
          </span>
          <span className="goal-created">Set {formatDate(goal.createdAt)}</span>
          {goal.scenarioId && (
            <span className="goal-scenario">
              from{' '}
              {goal.scenarioTitle ? (
                <button type="button" className="link-button" onClick={() => goToScenario(goal.scenarioId!)}>
                  {goal.scenarioTitle}
                </button>
              ) : (
                <span>a scenario no longer installed</span>
              )}
            </span>
          )}
        </div>
        <h3 className="goal-card-title" id={titleId} ref={titleRef} tabIndex={-1} data-testid="goal-title">
          {goal.specific}
        </h3>
      </header>

      {mode === 'edit' ? (
        <SmartGoalForm
          initial={{ specific: goal.specific, measurable: goal.measurable, achievable: goal.achievable, relevant: goal.relevant, time_bound: goal.time_bound }}
          submitLabel="Save changes"
          busy={running('edit')}
          error={action?.status === 'error' && action.kind === 'edit' ? `The changes were not saved. ${action.error}` : null}
          onSubmit={(fields) => void editGoal(goal.id, fields).then((saved) => saved && backToView())}
          onCancel={backToView}
          testId="edit-goal"
        />
      ) : (
        <div className="goal-card-body">
          <div className="goal-card-main">
            <GoalProgress goal={goal} />
            <dl className="goal-smart">
              {smartFieldInfo
                .filter((field) => field.key !== 'specific')
                .map((field) => (
                  <div key={field.key} className="goal-smart-row">
                    <SmartFieldTerm field={field} />
                    <dd data-testid={`goal-${field.key}`}>{goal[field.key]}</dd>
                  </div>
                ))}
            </dl>
          </div>
          <section className="goal-card-checkins" aria-label={`Check-ins on “${goal.specific}”`}>
            <h4 className="goal-subtitle">
              Check-ins <span className="section-count">{goal.checkinCount}</span>
            </h4>
            {mode === 'checkin' ? (
              <CheckinForm goalId={goal.id} startAt={goal.latestProgress ?? 0} onDone={backToView} />
            ) : (
              open && (
                <button
                  type="button"
                  className="btn btn-secondary btn-small checkin-add"
                  disabled={busy}
                  onClick={() => {
                    resetGoalAction();
                    setMode('checkin');
                  }}
                  data-testid="add-checkin"
                >
                  Add check-in
                </button>
              )
            )}
            <CheckinHistory goal={goal} />
          </section>
        </div>
      )}

      {mode !== 'edit' && (
        <footer className="goal-card-actions">
          {open ? (
            <>
              <button type="button" className="btn btn-secondary btn-small" disabled={busy} aria-busy={running('status')} onClick={() => void changeStatus('completed')} data-testid="goal-achieved">
                <CheckIcon size={14} />
                Mark achieved
              </button>
              <button type="button" className="btn btn-ghost btn-small" disabled={busy} onClick={() => void changeStatus('abandoned')} data-testid="goal-abandon">
                Abandon
              </button>
            </>
          ) : (
            <button type="button" className="btn btn-secondary btn-small" disabled={busy} onClick={() => void changeStatus('active')} data-testid="goal-reopen">
              Reopen
            </button>
          )}
          <span className="goal-card-actions-spacer" />
          <button
            type="button"
            className="btn btn-ghost btn-small"
            disabled={busy}
            onClick={() => {
              resetGoalAction();
              setMode('edit');
            }}
            data-testid="goal-edit"
          >
            Edit
          </button>
          <button
            type="button"
            className="btn btn-ghost btn-small goal-delete"
            disabled={busy}
            onClick={() => {
              resetGoalAction();
              setConfirmDelete(true);
            }}
            data-testid="goal-delete"
          >
            Delete
          </button>
        </footer>
      )}
      {statusError && (
        <p className="inline-error goal-card-error" role="alert" data-testid="goal-status-error">
          <AlertIcon size={16} /> The goal was not changed. {statusError}
        </p>
      )}

      <ConfirmDialog
        open={confirmDelete}
        title="Delete this goal?"
        confirmLabel="Delete goal"
        busyLabel="Deleting…"
        danger
        busy={running('delete')}
        error={action?.status === 'error' && action.kind === 'delete' ? action.error : null}
        onConfirm={() => void removeGoal(goal.id)}
        onCancel={() => {
          setConfirmDelete(false);
          resetGoalAction();
        }}
        testId="delete-goal-dialog"
      >
        <p>
          “{goal.specific}”{goal.checkinCount > 0 && ` and its ${goal.checkinCount === 1 ? 'check-in' : `${goal.checkinCount} check-ins`}`} will be removed from
          this computer. This cannot be undone{open && '; to stop working on it but keep its history, choose Abandon instead'}.
        </p>
      </ConfirmDialog>
    </article>
  );
}
