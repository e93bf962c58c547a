import { useCallback, useEffect, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { GoalView } from '../../../shared/goals/types';
import { useAppStore } from '../store';
import { AlertIcon, ArrowRightIcon, Spinner } from '../ui/icons';
import { GoalCard } from './GoalCard';
import { SmartFieldTerm } from './SmartFieldTerm';
import { emptySmartFields, isOpenGoal, smartFieldInfo } from './smart-fields';
import { SmartGoalForm } from './SmartGoalForm';
import './goals.css';

/** The active profile's personal SMART goals, with check-ins (SPEC 5.4). */
export function GoalsScreen() {
  const status = useAppStore((state) => state.goalsStatus);
  const error = useAppStore((state) => state.goalsError);
  const count = useAppStore((state) => state.goals.length);
  const loadGoals = useAppStore((state) => state.loadGoals);
  const resetGoalAction = useAppStore((state) => state.resetGoalAction);
  const [formOpen, setFormOpen] = useState(false);
  // Where focus goes next: a new goal, or one that moved between groups (its card is remounted).
  const [focusGoal, setFocusGoal] = useState<{ id: string; nonce: number } | null>(null);
  const requestFocus = useCallback((id: string) => setFocusGoal((current) => ({ id, nonce: (current?.nonce ?? 0) + 1 })), []);
  const titleRef = useRef<HTMLHeadingElement>(null);
  const newButtonRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    document.title = 'My goals · ChatTrain';
    titleRef.current?.focus({ preventScroll: true });
    window.scrollTo({ top: 0 });
    void loadGoals();
    return () => resetGoalAction();
  }, [loadGoals, resetGoalAction]);

  const focusTitle = useCallback(() => requestAnimationFrame(() => titleRef.current?.focus()), []);

  const openForm = () => {
    resetGoalAction();
    setFormOpen(true);
  };
  const closeForm = () => {
    setFormOpen(false);
    resetGoalAction();
    requestAnimationFrame(() => newButtonRef.current?.focus());
  };

  return (
    <main className="page goals-page" data-testid="goals-screen" aria-labelledby="goals-title">
      <header className="page-head">
        <div>
          <h1 id="goals-title" ref={titleRef} tabIndex={-1}>
            My goals
          </h1>
          <p className="lead">Personal SMART goals for your practice. Check in after sessions to see how far you have come.</p>
        </div>
        {status === 'ready' && count > 0 && !formOpen && (
          <button ref={newButtonRef} type="button" className="btn btn-primary" onClick={openForm} data-testid="new-goal">
            New goal
          </button>
        )}
      </header>

      {formOpen && (
        <NewGoalPanel
          onCancel={closeForm}
          onCreated={(goal) => {
            setFormOpen(false);
            requestFocus(goal.id);
          }}
        />
      )}

      {status === 'error' ? (
        <div className="state-panel state-error" role="alert" data-testid="goals-error">
          <AlertIcon size={24} />
          <h2>Your goals could not be loaded</h2>
          <p>{error}</p>
          <button type="button" className="btn btn-primary" onClick={() => void loadGoals()}>
            Try again
          </button>
        </div>
      ) : status !== 'ready' ? (
        <div className="state-panel" data-testid="goals-loading">
          <Spinner label="Loading your goals" />
          <p>Loading your goals…</p>
        </div>
      ) : count === 0 ? (
        !formOpen && <GoalsEmpty onNew={openForm} />
      ) : (
        <GoalLists focusGoal={focusGoal} onMoved={requestFocus} onDeleted={focusTitle} />
      )}
    </main>
  );
}

function NewGoalPanel({ onCancel, onCreated }: { onCancel(): void; onCreated(goal: GoalView): void }) {
  const action = useAppStore((state) => (state.goalAction.kind === 'create' ? state.goalAction : null));
  const saveNewGoal = useAppStore((state) => state.saveNewGoal);
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    headingRef.current?.focus();
  }, []);

  return (
    <section className="goal-new" aria-labelledby="new-goal-title" data-testid="new-goal-panel">
      <h2 id="new-goal-title" ref={headingRef} tabIndex={-1}>
        New SMART goal
      </h2>
      <p className="muted goal-new-intro">Write one short sentence per part. All five are needed; you can edit them later.</p>
      <SmartGoalForm
        initial={emptySmartFields}
        submitLabel="Save goal"
        busy={action?.status === 'running'}
        error={action?.status === 'error' ? `The goal was not saved. ${action.error}` : null}
        onSubmit={(fields) =>
          void saveNewGoal(fields).then((goal) => {
            if (goal) onCreated(goal);
          })
        }
        onCancel={onCancel}
        testId="new-goal-form"
      />
    </section>
  );
}

interface GoalListsProps {
  focusGoal: { id: string; nonce: number } | null;
  onMoved(goalId: string): void;
  onDeleted(): void;
}

function GoalLists({ focusGoal, onMoved, onDeleted }: GoalListsProps) {
  const open = useAppStore(useShallow((state) => state.goals.filter((goal) => isOpenGoal(goal.status))));
  const closed = useAppStore(useShallow((state) => state.goals.filter((goal) => !isOpenGoal(goal.status))));
  const count = useAppStore((state) => state.goals.length);
  const previousCount = useRef(count);

  // A goal was deleted: its card (and the focus in it) is gone.
  useEffect(() => {
    if (count < previousCount.current) onDeleted();
    previousCount.current = count;
  }, [count, onDeleted]);

  return (
    <>
      <section className="goal-group" aria-labelledby="open-goals-title" data-testid="open-goals">
        <h2 id="open-goals-title" className="goal-group-title">
          In progress <span className="section-count">{open.length}</span>
        </h2>
        {open.length === 0 ? (
          <p className="muted goal-group-empty">Nothing in progress. Set a new goal, or reopen one below.</p>
        ) : (
          <ul className="goal-list-items">
            {open.map((goal) => (
              <li key={goal.id}>
                <GoalCard goal={goal} focusRequest={goal.id === focusGoal?.id ? focusGoal.nonce : null} onMoved={onMoved} />
              </li>
            ))}
          </ul>
        )}
      </section>
      {closed.length > 0 && (
        <section className="goal-group" aria-labelledby="closed-goals-title" data-testid="closed-goals">
          <h2 id="closed-goals-title" className="goal-group-title">
            Achieved and abandoned <span className="section-count">{closed.length}</span>
          </h2>
          <ul className="goal-list-items">
            {closed.map((goal) => (
              <li key={goal.id}>
                <GoalCard goal={goal} focusRequest={goal.id === focusGoal?.id ? focusGoal.nonce : null} onMoved={onMoved} />
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}

function GoalsEmpty({ onNew }: { onNew(): void }) {
  const goToLibrary = useAppStore((state) => state.goToLibrary);
  return (
    <section className="goals-empty" aria-labelledby="goals-empty-title" data-testid="goals-empty">
      <h2 id="goals-empty-title">You have no personal goals yet</h2>
      <p>
        A SMART goal turns “I want to get better at this” into something you can practise and check. It has five parts:
      </p>
      <dl className="goals-empty-smart">
        {smartFieldInfo.map((field) => (
          <div key={field.key}>
            <SmartFieldTerm field={field} />
            <dd>{field.guidance}</dd>
          </div>
        ))}
      </dl>
      <p className="muted">
        Practise a scenario first if you are not sure what to work on: its summary suggests goals, and you can save one from there.
      </p>
      <div className="goals-empty-actions">
        <button type="button" className="btn btn-primary" onClick={onNew} data-testid="first-goal">
          Set your first goal
        </button>
        <button type="button" className="btn btn-secondary" onClick={goToLibrary} data-testid="goals-to-library">
          Browse the scenario library
          <ArrowRightIcon size={16} />
        </button>
      </div>
    </section>
  );
}
