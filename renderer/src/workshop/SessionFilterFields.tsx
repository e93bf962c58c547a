import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { hasFilters } from '../cohort/session-filters';
import { useAppStore } from '../store';
import type { FilterSection } from '../store/workshop-slice';
import { AlertIcon, Spinner } from '../ui/icons';
import { previewSentence } from './messages';

/** How long typing may pause before the count is asked for again. */
const PREVIEW_DELAY_MS = 250;

/**
 * From/to day, scenario and trainee, and below them how many sessions the choice covers
 * (asked from main as the filters change).
 */
export function SessionFilterFields({ section, target }: { section: FilterSection; target: 'bundle' | 'csv' | 'xapi' }) {
  const draft = useAppStore((state) => state.filterDrafts[section]);
  const options = useAppStore((state) => state.workshopOptions);
  const preview = useAppStore((state) => state.previews[section]);
  const { setFilterDraft, clearFilters, previewSelection } = useAppStore(
    useShallow((state) => ({ setFilterDraft: state.setFilterDraft, clearFilters: state.clearFilters, previewSelection: state.previewSelection })),
  );
  const id = (name: string) => `${section}-filter-${name}`;

  useEffect(() => {
    const timer = setTimeout(() => void previewSelection(section), PREVIEW_DELAY_MS);
    return () => clearTimeout(timer);
  }, [draft, section, previewSelection]);

  const scenarios = options?.scenarios ?? [];
  const trainees = options?.trainees ?? [];
  // A scenario or trainee chosen before an import may have no sessions listed; keep it selectable.
  const knownScenario = !draft.scenarioId || scenarios.some((scenario) => scenario.id === draft.scenarioId);
  const knownTrainee = !draft.userId || trainees.some((trainee) => trainee.id === draft.userId);

  return (
    <fieldset className="ws-filters" data-testid={`${section}-filters`}>
      <legend className="ws-legend">Which sessions</legend>
      <div className="ws-filter-grid">
        <div className="field">
          <label htmlFor={id('from')}>Started from</label>
          <input id={id('from')} type="date" value={draft.from} max={draft.to || undefined} onChange={(event) => setFilterDraft(section, 'from', event.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={id('to')}>Started until</label>
          <input id={id('to')} type="date" value={draft.to} min={draft.from || undefined} onChange={(event) => setFilterDraft(section, 'to', event.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={id('scenario')}>Scenario</label>
          <select id={id('scenario')} value={draft.scenarioId} onChange={(event) => setFilterDraft(section, 'scenarioId', event.target.value)}>
            <option value="">All scenarios</option>
            {!knownScenario && <option value={draft.scenarioId}>{draft.scenarioId}</option>}
            {scenarios.map((scenario) => (
              <option key={scenario.id} value={scenario.id}>
                {scenario.title} ({scenario.sessions.toLocaleString()})
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={id('trainee')}>Trainee</label>
          <select id={id('trainee')} value={draft.userId} onChange={(event) => setFilterDraft(section, 'userId', event.target.value)}>
            <option value="">Everyone</option>
            {!knownTrainee && <option value={draft.userId}>Unknown profile</option>}
            {trainees.map((trainee) => (
              <option key={trainee.id} value={trainee.id}>
                {trainee.displayName} ({trainee.sessions.toLocaleString()})
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className="ws-preview-row">
        <p className="ws-preview" role="status" aria-live="polite" data-testid={`${section}-preview`}>
          {preview.status === 'error' ? (
            <span className="ws-preview-error">
              <AlertIcon size={15} /> {preview.error}
            </span>
          ) : preview.preview ? (
            <>
              {previewSentence(preview.preview, target)}
              {preview.status === 'loading' && <Spinner />}
            </>
          ) : (
            <>
              <Spinner /> Counting the sessions…
            </>
          )}
        </p>
        {hasFilters(draft) && (
          <button type="button" className="btn btn-ghost btn-small" onClick={() => clearFilters(section)}>
            Clear filters
          </button>
        )}
      </div>
    </fieldset>
  );
}
