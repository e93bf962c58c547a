import { useEffect, useId, useState, type FormEvent } from 'react';
import { CHECKIN_NOTE_MAX } from '../../../shared/goals/ipc';
import { useAppStore } from '../store';
import { AlertIcon, Spinner } from '../ui/icons';
import { parseProgress } from './smart-fields';

interface Props {
  goalId: string;
  /** Where the slider starts: the latest progress. */
  startAt: number;
  onDone(): void;
}

/** "Add check-in": progress 0–100 (a slider and a number kept in step) and an optional note. */
export function CheckinForm({ goalId, startAt, onDone }: Props) {
  const action = useAppStore((state) => (state.goalAction.goalId === goalId && state.goalAction.kind === 'checkin' ? state.goalAction : null));
  const busy = useAppStore((state) => state.goalAction.status === 'running');
  const checkInOnGoal = useAppStore((state) => state.checkInOnGoal);
  const [progressText, setProgressText] = useState(String(startAt));
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const id = useId();
  const parsed = parseProgress(progressText);
  const saving = action?.status === 'running';

  // The "Add check-in" button that opened the form is gone: start on the progress.
  useEffect(() => {
    document.getElementById(`${id}-number`)?.focus();
  }, [id]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!parsed.ok) {
      setProblem(parsed.message);
      document.getElementById(`${id}-number`)?.focus();
      return;
    }
    setProblem(null);
    if (await checkInOnGoal(goalId, parsed.value, note)) onDone();
  };

  const error = problem ?? (action?.status === 'error' ? `The check-in was not saved. ${action.error}` : null);

  return (
    <form className="checkin-form" onSubmit={(event) => void submit(event)} noValidate data-testid="checkin-form">
      <fieldset className="checkin-progress" disabled={saving}>
        <legend className="field-label-strong">Progress</legend>
        <div className="checkin-progress-inputs">
          <input
            type="range"
            min={0}
            max={100}
            step={5}
            aria-label="Progress (slider)"
            aria-valuetext={`${parsed.ok ? parsed.value : startAt} percent`}
            value={parsed.ok ? parsed.value : startAt}
            onChange={(event) => {
              setProgressText(event.target.value);
              setProblem(null);
            }}
            data-testid="checkin-slider"
          />
          <span className="checkin-number">
            <input
              id={`${id}-number`}
              type="number"
              inputMode="numeric"
              min={0}
              max={100}
              step={1}
              aria-label="Progress in percent"
              aria-invalid={problem !== null}
              value={progressText}
              onChange={(event) => {
                setProgressText(event.target.value);
                setProblem(null);
              }}
              data-testid="checkin-progress"
            />
            <span aria-hidden="true">%</span>
          </span>
        </div>
      </fieldset>
      <div className="field">
        <label htmlFor={`${id}-note`}>Note (optional)</label>
        <textarea
          id={`${id}-note`}
          rows={2}
          maxLength={CHECKIN_NOTE_MAX}
          placeholder="What went well, what is next?"
          value={note}
          disabled={saving}
          onChange={(event) => setNote(event.target.value)}
          data-testid="checkin-note"
        />
      </div>
      {error && (
        <p className="inline-error" role="alert" data-testid="checkin-error">
          <AlertIcon size={16} /> {error}
        </p>
      )}
      <div className="smart-form-actions">
        <button type="submit" className="btn btn-primary btn-small" disabled={busy} aria-busy={saving} data-testid="checkin-save">
          {saving && <Spinner />}
          Save check-in
        </button>
        <button type="button" className="btn btn-secondary btn-small" disabled={saving} onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
