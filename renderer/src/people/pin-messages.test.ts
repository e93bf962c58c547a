import { describe, expect, it } from 'vitest';
import { describePinRefusal, formatCountdown, newPinProblem, pinProblem } from './pin-messages';

describe('PIN dialog messages', () => {
  it('counts down in minutes and seconds, rounding up', () => {
    expect(formatCountdown(30_000)).toBe('0:30');
    expect(formatCountdown(29_001)).toBe('0:30');
    expect(formatCountdown(125_000)).toBe('2:05');
    expect(formatCountdown(3_600_000)).toBe('60:00');
    expect(formatCountdown(-5)).toBe('0:00');
  });

  it('says how many attempts are left before a lock-out', () => {
    expect(describePinRefusal({ reason: 'wrong_pin', failures: 1, attemptsBeforeLock: 4, lockedUntil: null, retryAfterMs: 0 }, 0)).toBe(
      'Wrong PIN. 4 more attempts before a lock-out.',
    );
    expect(describePinRefusal({ reason: 'wrong_pin', failures: 4, attemptsBeforeLock: 1, lockedUntil: null, retryAfterMs: 0 }, 0)).toBe(
      'Wrong PIN. 1 more attempt before a lock-out.',
    );
  });

  it('says when a locked profile can be tried again, and when the lock-out is over', () => {
    const locking = { reason: 'wrong_pin', failures: 5, attemptsBeforeLock: 0, lockedUntil: '2026-03-02T09:00:30.000Z', retryAfterMs: 30_000 } as const;
    expect(describePinRefusal(locking, 30_000)).toBe('Wrong PIN. Locked after too many wrong PINs: try again in 0:30.');
    const locked = { reason: 'locked', failures: 6, lockedUntil: '2026-03-02T09:01:00.000Z', retryAfterMs: 61_000 } as const;
    expect(describePinRefusal(locked, 61_000)).toBe('Locked after too many wrong PINs: try again in 1:01.');
    expect(describePinRefusal(locked, 0)).toBe('The lock-out is over: you can try again now.');
    expect(describePinRefusal(null, 0)).toBeNull();
  });

  it('checks a PIN the way main does before sending it', () => {
    expect(pinProblem('')).toBe('Enter the PIN.');
    expect(pinProblem('12a4')).toBe('A PIN has digits only.');
    expect(pinProblem('123')).toBe('A PIN is 4 to 12 digits.');
    expect(pinProblem('1234567890123')).toBe('A PIN is 4 to 12 digits.');
    expect(pinProblem('2468')).toBeNull();
  });
});

describe('choosing a new PIN', () => {
  it('is optional when adding a profile, required when setting one, and must be typed twice the same', () => {
    expect(newPinProblem('', '', false)).toBeNull();
    expect(newPinProblem('', '', true)).toEqual({ field: 'pin', message: 'Choose a PIN of 4 to 12 digits.' });
    expect(newPinProblem('12', '12', false)).toEqual({ field: 'pin', message: 'A PIN is 4 to 12 digits.' });
    expect(newPinProblem('2468', '2469', false)).toEqual({ field: 'repeat', message: 'The two PINs are not the same.' });
    expect(newPinProblem('2468', '2468', true)).toBeNull();
  });
});
