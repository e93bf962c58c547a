import type { ScenarioLock } from '../../../shared/goals/types';
import type { ScenarioSummary } from '../../../shared/scenario/types';
import { DifficultyBadge, formatDuration, TagChips } from '../scenario/meta';
import { plural } from '../ui/format';
import { ClockIcon, LockIcon } from '../ui/icons';

interface Props {
  scenario: ScenarioSummary;
  /** Set when a track has not unlocked the scenario for the active profile yet. */
  lock?: ScenarioLock | undefined;
  onOpen(id: string): void;
}

/**
 * One scenario in the grid. The title is a real button (the one Tab stop per card); its
 * click area is stretched over the whole card with CSS.
 */
export function ScenarioCard({ scenario, lock, onOpen }: Props) {
  const duration = formatDuration(scenario.durationMinutes);
  const titleId = `scenario-card-title-${scenario.id}`;
  const lockId = `scenario-card-lock-${scenario.id}`;
  return (
    <article
      className={lock ? 'scenario-card scenario-card-locked' : 'scenario-card'}
      data-testid="scenario-card"
      data-scenario-id={scenario.id}
      data-locked={lock ? 'true' : undefined}
      aria-labelledby={titleId}
    >
      <div className="scenario-card-top">
        <DifficultyBadge difficulty={scenario.difficulty} />
        {duration && (
          <span className="scenario-card-duration">
            <ClockIcon size={14} />
            <span className="visually-hidden">Duration: </span>
            {duration}
          </span>
        )}
      </div>
      <h2 className="scenario-card-title" id={titleId}>
        <button
          type="button"
          className="scenario-card-open"
          data-testid="open-scenario"
          data-scenario-id={scenario.id}
          aria-describedby={lock ? lockId : undefined}
          onClick={() => onOpen(scenario.id)}
        >
          {scenario.title}
        </button>
      </h2>
      <p className="scenario-card-description">{scenario.description}</p>
      {lock && (
        <p className="scenario-card-lock" id={lockId} data-testid="scenario-lock">
          <LockIcon size={15} />
          <span>
            <strong>Locked.</strong> {lock.reason} (track “{lock.track}”).
          </span>
        </p>
      )}
      <p className="scenario-card-meta">
        <span className="scenario-card-domain">
          <span className="visually-hidden">Domain: </span>
          {scenario.domain}
        </span>
        <span aria-hidden="true">·</span>
        <span>{plural(scenario.stepCount, 'step')}</span>
        <span aria-hidden="true">·</span>
        <span>{plural(scenario.documentCount, 'document')}</span>
        {scenario.origin === 'imported' && (
          <>
            <span aria-hidden="true">·</span>
            <span>Imported</span>
          </>
        )}
      </p>
      <TagChips tags={scenario.tags} limit={5} label={`Tags for ${scenario.title}`} />
    </article>
  );
}
