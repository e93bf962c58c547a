import type { SessionStatus } from '../../../shared/training/types';

const dash = '–';

/** A percentage with at most one decimal ("66.7%"), or a dash when there is none. */
export function formatPercent(value: number | null): string {
  if (value === null) return dash;
  return `${Number.isInteger(value) ? value : value.toFixed(1)}%`;
}

/** "45 s", "12 min 5 s", "1 h 4 min". */
export function formatDuration(seconds: number | null): string {
  if (seconds === null) return dash;
  const total = Math.max(0, Math.round(seconds));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const rest = total % 60;
  if (hours > 0) return `${hours} h ${minutes} min`;
  if (minutes > 0) return rest > 0 ? `${minutes} min ${rest} s` : `${minutes} min`;
  return `${rest} s`;
}

export const sessionStatusLabels: Record<SessionStatus, string> = {
  created: 'Not started',
  in_progress: 'In progress',
  completed: 'Completed',
  abandoned: 'Abandoned',
  error: 'Stopped by an error',
};
