import type { ScenarioSummary } from '../../../shared/scenario/types';

const difficultyLabels: Record<ScenarioSummary['difficulty'], string> = {
  beginner: 'Beginner',
  intermediate: 'Intermediate',
  advanced: 'Advanced',
};

export function difficultyLabel(difficulty: ScenarioSummary['difficulty']): string {
  return difficultyLabels[difficulty];
}

export function DifficultyBadge({ difficulty }: { difficulty: ScenarioSummary['difficulty'] }) {
  return (
    <span className={`badge badge-${difficulty}`} data-testid="difficulty-badge">
      <span className="badge-dots" aria-hidden="true" />
      {difficultyLabel(difficulty)}
    </span>
  );
}

export function formatDuration(minutes: number | null): string | null {
  if (minutes === null) return null;
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}

export function TagChips({ tags, limit, label = 'Tags' }: { tags: string[]; limit?: number; label?: string }) {
  if (tags.length === 0) return null;
  const shown = limit === undefined ? tags : tags.slice(0, limit);
  const hidden = tags.length - shown.length;
  return (
    <ul className="chips" aria-label={label}>
      {shown.map((tag) => (
        <li key={tag} className="chip">
          {tag}
        </li>
      ))}
      {hidden > 0 && (
        <li className="chip chip-more" title={tags.slice(shown.length).join(', ')}>
          +{hidden} more
        </li>
      )}
    </ul>
  );
}
