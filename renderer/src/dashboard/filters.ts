import type { IpcInput } from '../../../shared/ipc/contract';

/** What the filter bar holds: calendar dates as the date inputs give them (`YYYY-MM-DD`, '' = open), ids ('' = any). */
export interface DashboardFilterDraft {
  from: string;
  to: string;
  scenarioId: string;
  userId: string;
}

export const noDashboardFilters: DashboardFilterDraft = { from: '', to: '', scenarioId: '', userId: '' };

export type DashboardFilterInput = IpcInput<'dashboard.overview'>;

/** `YYYY-MM-DD` → the local day's first (or last) instant, as ISO-8601 UTC; null for '' or a malformed date. */
export function localDayBound(day: string, which: 'start' | 'end'): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return null;
  const [year, month, date] = [Number(match[1]), Number(match[2]) - 1, Number(match[3])];
  const instant = which === 'start' ? new Date(year, month, date, 0, 0, 0, 0) : new Date(year, month, date, 23, 59, 59, 999);
  // new Date rolls 31 February over into March; such a day is not a date.
  if (instant.getFullYear() !== year || instant.getMonth() !== month || instant.getDate() !== date) return null;
  return instant.toISOString();
}

/**
 * The filters as main takes them. Days are the user's own (local) days: "from 1 March"
 * starts at their midnight, "to 3 March" ends at the end of their 3 March.
 */
export function toFilterInput(draft: DashboardFilterDraft): DashboardFilterInput {
  const input: DashboardFilterInput = {};
  const from = localDayBound(draft.from, 'start');
  const to = localDayBound(draft.to, 'end');
  if (from) input.from = from;
  if (to) input.to = to;
  if (draft.scenarioId) input.scenarioId = draft.scenarioId;
  if (draft.userId) input.userId = draft.userId;
  return input;
}

export const hasFilters = (draft: DashboardFilterDraft): boolean => Object.values(draft).some((value) => value !== '');

/** Why the date range cannot be used, or null. */
export function dateRangeProblem(draft: DashboardFilterDraft): string | null {
  if (draft.from && draft.to && draft.from > draft.to) return 'The “from” date is after the “to” date.';
  return null;
}
