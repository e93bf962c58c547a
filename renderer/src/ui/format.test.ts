import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatScore, formatTime, formatTimestamp, plural } from './format';

describe('shared formatting', () => {
  it('counts things with the right noun and grouped digits', () => {
    expect(plural(1, 'session')).toBe('1 session');
    expect(plural(0, 'session')).toBe('0 sessions');
    expect(plural(2, 'person', 'people')).toBe('2 people');
    expect(plural(1234, 'row')).toBe(`${(1234).toLocaleString()} rows`);
  });

  it('formats scores: whole numbers stay whole, others get one decimal', () => {
    expect(formatScore(null)).toBe('–');
    expect(formatScore(80)).toBe('80');
    expect(formatScore(82.4)).toBe('82.4');
    expect(formatScore(71.06)).toBe('71.1');
  });

  it('formats dates and times in the reader’s locale, and nothing for what is not a date', () => {
    const iso = '2026-03-02T09:41:00Z';
    const when = new Date(iso);
    expect(formatDate(iso)).toBe(when.toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: 'numeric' }));
    expect(formatDateTime(iso)).toBe(when.toLocaleString(undefined, { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' }));
    expect(formatTime(iso)).toBe(when.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' }));
    expect(formatTimestamp(iso)).toBe(when.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }));
    for (const format of [formatDate, formatDateTime, formatTime]) expect(format('not a date')).toBe('');
  });

  it('falls back when a timestamp is missing or not a date', () => {
    expect(formatTimestamp(null)).toBe('–');
    expect(formatTimestamp('not a date')).toBe('–');
    expect(formatTimestamp('not a date', 'not a date')).toBe('not a date');
  });
});
