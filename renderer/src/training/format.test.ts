import { describe, expect, it } from 'vitest';
import { completionReasonLabel, describeRemaining, formatClock, initials, relativeTime, riskResources } from './format';

describe('training formatting', () => {
  it('names completion reasons in words', () => {
    expect(completionReasonLabel('time_limit', 'completed')).toBe('Time limit reached');
    expect(completionReasonLabel('all_steps_finished', 'completed')).toBe('All steps finished');
    expect(completionReasonLabel('user_exit', 'completed')).toBe('Ended early by you');
    expect(completionReasonLabel('user_exit', 'abandoned')).toBe('Left without finishing');
    expect(completionReasonLabel('system_error', 'error')).toBe('Stopped by an error');
  });

  it('formats countdowns', () => {
    expect(formatClock(0)).toBe('0:00');
    expect(formatClock(65)).toBe('1:05');
    expect(formatClock(30 * 60)).toBe('30:00');
    expect(formatClock(3600 + 61)).toBe('1:01:01');
    expect(formatClock(-5)).toBe('0:00');
    expect(describeRemaining(61)).toBe('1 minute 1 second left');
    expect(describeRemaining(120)).toBe('2 minutes left');
    expect(describeRemaining(0)).toBe('0 seconds left');
  });

  it('says how long ago', () => {
    const now = Date.parse('2026-03-10T12:00:00Z');
    expect(relativeTime('2026-03-10T11:59:45Z', now)).toBe('just now');
    expect(relativeTime('2026-03-10T11:55:00Z', now)).toBe('5 minutes ago');
    expect(relativeTime('2026-03-10T09:00:00Z', now)).toBe('3 hours ago');
    expect(relativeTime('2026-03-09T11:00:00Z', now)).toBe('yesterday');
    expect(relativeTime('not a date', now)).toBe('');
  });

  it('formats initials and risk resources', () => {
    expect(initials('Dana Miller')).toBe('DM');
    expect(initials('Cher')).toBe('C');
    const risk = (resources: string[]) => ({ id: 'r', messageId: null, phrase: 'x', speaker: 'persona' as const, source: 'scenario' as const, resources, createdAt: '' });
    expect(riskResources([risk(['a', 'b']), risk(['b', 'c'])])).toEqual(['a', 'b', 'c']);
  });
});
