import type { SessionStatus } from '../../../shared/training/types';

const dash = '–';

/** A percentage with at most one decimal ("66.7%"), or a dash when there is none. */
export function formatPercent(value: number | null): string {
  if (value === null) return dash;
  return `${Number.isInteger(value) ? value : value.toFixed(1)}%`;
}

/** A 0–100 score: whole numbers stay whole, others get one decimal. */
export function formatScoreValue(value: number | null): string {
  if (value === null) return dash;
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
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

/** "3 Mar 2026, 09:05" in the user's locale, or a dash. */
export function formatDateTime(iso: string | null): string {
  if (!iso) return dash;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? dash : date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

export const sessionStatusLabels: Record<SessionStatus, string> = {
  created: 'Not started',
  in_progress: 'In progress',
  completed: 'Completed',
  abandoned: 'Abandoned',
  error: 'Stopped by an error',
};

/** `n thing` / `n things`. */
export const plural = (count: number, one: string, many = `${one}s`): string => `${count.toLocaleString()} ${count === 1 ? one : many}`;
