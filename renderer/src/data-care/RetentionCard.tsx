import { useEffect, useId, useState, type FormEvent } from 'react';
import type { DataFolderInfo, RetentionSettings } from '../../../shared/data-care/types';
import { useAppStore } from '../store';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { formatDate, plural } from '../ui/format';
import { Spinner } from '../ui/icons';
import { ActionOutcome } from './ActionOutcome';
import { daysBefore } from './format';

interface Draft {
  abandonedDays: string;
  activityDays: string;
  pruneAtStartup: boolean;
}

const toDraft = (retention: RetentionSettings): Draft => ({
  abandonedDays: String(retention.abandonedDays),
  activityDays: String(retention.activityDays),
  pruneAtStartup: retention.pruneAtStartup,
});

/** A whole number of days 0–3650, or the sentence saying what is wrong. */
function parseDays(text: string): number | string {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) return 'A whole number of days (0 keeps everything).';
  const days = Number(trimmed);
  return days > 3650 ? 'At most 3650 days (10 years).' : days;
}

/** How long abandoned sessions and activity rows are kept, and pruning them now. */
export function RetentionCard({ info }: { info: DataFolderInfo }) {
  const action = useAppStore((state) => state.retentionAction);
  const saveRetention = useAppStore((state) => state.saveRetention);
  const pruneNow = useAppStore((state) => state.pruneNow);
  const [draft, setDraft] = useState<Draft>(() => toDraft(info.retention));
  const [errors, setErrors] = useState<{ abandonedDays?: string; activityDays?: string }>({});
  const [confirming, setConfirming] = useState(false);
  const busy = action.status === 'running';
  const id = useId();
  const saved = info.retention;
  const unsaved = draft.abandonedDays !== String(saved.abandonedDays) || draft.activityDays !== String(saved.activityDays) || draft.pruneAtStartup !== saved.pruneAtStartup;

  // A restore or a move brings other settings with it.
  useEffect(() => setDraft(toDraft({ abandonedDays: saved.abandonedDays, activityDays: saved.activityDays, pruneAtStartup: saved.pruneAtStartup })), [saved.abandonedDays, saved.activityDays, saved.pruneAtStartup]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const abandonedDays = parseDays(draft.abandonedDays);
    const activityDays = parseDays(draft.activityDays);
    const next = {
      abandonedDays: typeof abandonedDays === 'string' ? abandonedDays : undefined,
      activityDays: typeof activityDays === 'string' ? activityDays : undefined,
    };
    setErrors(next);
    if (typeof abandonedDays === 'string' || typeof activityDays === 'string') {
      document.getElementById(`${id}-${next.abandonedDays ? 'abandoned' : 'activity'}`)?.focus();
      return;
    }
    await saveRetention({ abandonedDays, activityDays, pruneAtStartup: draft.pruneAtStartup });
  };

  const keeps = (days: number, what: string) => (days === 0 ? `${what}: kept forever` : `${what} older than ${plural(days, 'day')} (before ${formatDate(daysBefore(days))})`);

  return (
    <section className="dc-card" aria-labelledby={`${id}-title`} data-testid="retention-card">
      <h2 id={`${id}-title`}>Retention</h2>
      <p className="dc-intro">
        Abandoned sessions (never finished) and the activity log grow over time. Completed sessions are never removed here. 0 days keeps everything.
      </p>
      <form onSubmit={(event) => void submit(event)} noValidate>
        <div className="dc-days">
          <DaysField id={`${id}-abandoned`} label="Keep abandoned sessions for" value={draft.abandonedDays} error={errors.abandonedDays} onChange={(value) => setDraft({ ...draft, abandonedDays: value })} testId="retention-abandoned" />
          <DaysField id={`${id}-activity`} label="Keep activity rows for" value={draft.activityDays} error={errors.activityDays} onChange={(value) => setDraft({ ...draft, activityDays: value })} testId="retention-activity" />
        </div>
        <label className="dc-check" htmlFor={`${id}-startup`}>
          <input id={`${id}-startup`} type="checkbox" data-testid="retention-startup" checked={draft.pruneAtStartup} onChange={(event) => setDraft({ ...draft, pruneAtStartup: event.target.checked })} />
          <span>Also prune automatically every time ChatTrain starts</span>
        </label>
        <div className="dc-actions">
          <button type="submit" className="btn btn-primary" data-testid="retention-save" disabled={busy || !unsaved}>
            Save
          </button>
          <button type="button" className="btn btn-secondary" data-testid="prune-now" disabled={busy || unsaved} onClick={() => setConfirming(true)} aria-busy={busy}>
            {busy && <Spinner />}
            Prune now…
          </button>
          {unsaved && <span className="muted dc-unsaved">Unsaved changes: save before pruning</span>}
        </div>
      </form>
      <ActionOutcome action={action} testId="retention" />

      <ConfirmDialog
        open={confirming}
        title="Prune old records now?"
        confirmLabel="Prune now"
        busyLabel="Pruning…"
        danger
        busy={busy}
        onConfirm={() => void pruneNow().then(() => setConfirming(false))}
        onCancel={() => setConfirming(false)}
        testId="prune-dialog"
      >
        <p>This deletes, for good:</p>
        <ul className="dc-list">
          <li>{keeps(saved.abandonedDays, 'Abandoned sessions, with their messages and feedback,')}</li>
          <li>{keeps(saved.activityDays, 'Activity rows')}</li>
        </ul>
        <p>Back up first if you may need them.</p>
      </ConfirmDialog>
    </section>
  );
}

function DaysField(props: { id: string; label: string; value: string; error: string | undefined; onChange(value: string): void; testId: string }) {
  return (
    <div className="field">
      <label htmlFor={props.id}>
        {props.label}
        <span className="visually-hidden"> (days)</span>
      </label>
      <div className="dc-days-input">
        <input
          id={props.id}
          type="text"
          inputMode="numeric"
          data-testid={props.testId}
          value={props.value}
          aria-invalid={props.error ? true : undefined}
          aria-describedby={props.error ? `${props.id}-error` : undefined}
          onChange={(event) => props.onChange(event.target.value)}
        />
        <span aria-hidden="true">days</span>
      </div>
      {props.error && (
        <p id={`${props.id}-error`} className="dc-field-error">
          {props.error}
        </p>
      )}
    </div>
  );
}
