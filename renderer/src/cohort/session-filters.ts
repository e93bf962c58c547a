/**
 * Which sessions a facilitator view covers (the dashboard, the cohort and bundle exports):
 * the form's draft and what main takes. Dates are the user's own local days.
 */

/** The filter fields as a form holds them: days as the date inputs give them (`YYYY-MM-DD`, '' = open), ids ('' = any). */
export interface SessionFilterDraft {
  from: string;
  to: string;
  scenarioId: string;
  userId: string;
}

export const emptySessionFilters: SessionFilterDraft = { from: '', to: '', scenarioId: '', userId: '' };

/** The filters as the dashboard and workshop channels take them; absent means "any". */
export interface SessionFilterInput {
  from?: string;
  to?: string;
  scenarioId?: string;
  userId?: string;
}

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
 * The draft as main takes it. Days become the instants where the user's local day starts
 * and ends: "from 1 March" starts at their midnight, "to 3 March" ends at the end of their
 * 3 March (main would otherwise read a bare date as a UTC day).
 */
export function toFilterInput(draft: SessionFilterDraft): SessionFilterInput {
  const input: SessionFilterInput = {};
  const from = localDayBound(draft.from, 'start');
  const to = localDayBound(draft.to, 'end');
  if (from) input.from = from;
  if (to) input.to = to;
  if (draft.scenarioId) input.scenarioId = draft.scenarioId;
  if (draft.userId) input.userId = draft.userId;
  return input;
}

export const hasFilters = (draft: SessionFilterDraft): boolean => Object.values(draft).some((value) => value !== '');

/** What is wrong with the draft, in words; null when it can be sent. */
export function draftProblem(draft: SessionFilterDraft): string | null {
  const from = localDayBound(draft.from, 'start');
  const to = localDayBound(draft.to, 'end');
  if (draft.from && !from) return 'The “from” date is not a valid date.';
  if (draft.to && !to) return 'The “to” date is not a valid date.';
  if (from && to && from > to) return 'The “from” date is after the “to” date.';
  return null;
}
