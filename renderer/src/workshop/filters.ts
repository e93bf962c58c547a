import type { SessionFiltersInput } from '../../../shared/workshop/ipc';

/** The filter fields as the form holds them: '' means "any". Dates are the user's local days (YYYY-MM-DD). */
export interface FilterDraft {
  from: string;
  to: string;
  scenarioId: string;
  userId: string;
}

export const emptyFilterDraft: FilterDraft = { from: '', to: '', scenarioId: '', userId: '' };

const dayPattern = /^(\d{4})-(\d{2})-(\d{2})$/;

function localDay(day: string, end: boolean): string | null {
  const match = dayPattern.exec(day);
  if (!match) return null;
  const [year, month, date] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const instant = end ? new Date(year, month - 1, date, 23, 59, 59, 999) : new Date(year, month - 1, date, 0, 0, 0, 0);
  // new Date rolls 2026-02-30 over into March; a day that does not exist is not a day.
  if (instant.getFullYear() !== year || instant.getMonth() !== month - 1 || instant.getDate() !== date) return null;
  return instant.toISOString();
}

/** What is wrong with the draft, in words; null when it can be sent. */
export function draftProblem(draft: FilterDraft): string | null {
  const from = draft.from ? localDay(draft.from, false) : null;
  const to = draft.to ? localDay(draft.to, true) : null;
  if (draft.from && !from) return 'The “from” date is not a valid date.';
  if (draft.to && !to) return 'The “to” date is not a valid date.';
  if (from && to && from > to) return 'The “from” date is after the “to” date.';
  return null;
}

/**
 * The draft as the channel takes it. Days become the instants where the user's local day
 * starts and ends (main would otherwise read a bare date as a UTC day).
 */
export function filtersToInput(draft: FilterDraft): SessionFiltersInput {
  const input: SessionFiltersInput = {};
  const from = draft.from ? localDay(draft.from, false) : null;
  const to = draft.to ? localDay(draft.to, true) : null;
  if (from) input.from = from;
  if (to) input.to = to;
  if (draft.scenarioId) input.scenarioId = draft.scenarioId;
  if (draft.userId) input.userId = draft.userId;
  return input;
}

export const isEmptyDraft = (draft: FilterDraft): boolean => !draft.from && !draft.to && !draft.scenarioId && !draft.userId;
