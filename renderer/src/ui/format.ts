/** Counts, scores, dates and times as every screen shows them, in the reader's locale. */

const dash = '–';

/** `1 session`, `1,234 sessions` (digits grouped as the reader's locale does). */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString()} ${count === 1 ? one : many}`;
}

/** A 0–100 score as shown to people: whole numbers stay whole, others get one decimal; a dash when there is none. */
export function formatScore(score: number | null): string {
  if (score === null) return dash;
  return Number.isInteger(score) ? String(score) : score.toFixed(1);
}

const dateFormat = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric' });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const timestampFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

const formatWith = (format: Intl.DateTimeFormat, iso: string): string | null => {
  const time = Date.parse(iso);
  return Number.isNaN(time) ? null : format.format(time);
};

/** A date alone: "2 Mar 2026"; empty when `iso` is not a date. */
export const formatDate = (iso: string): string => formatWith(dateFormat, iso) ?? '';

/** A date with its time: "2 Mar 2026, 09:41"; empty when `iso` is not a date. */
export const formatDateTime = (iso: string): string => formatWith(dateTimeFormat, iso) ?? '';

/** The time of day alone: "09:41"; empty when `iso` is not a date. */
export const formatTime = (iso: string): string => formatWith(timeFormat, iso) ?? '';

/** When something happened, in the locale's medium date and short time ("3 Mar 2026, 09:05"); `fallback` when there is no date. */
export function formatTimestamp(iso: string | null, fallback = dash): string {
  return (iso && formatWith(timestampFormat, iso)) || fallback;
}
