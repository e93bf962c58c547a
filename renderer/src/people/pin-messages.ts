import type { PinRefusal } from '../../../shared/people/types';

/** "0:30", "2:05", "60:00": minutes and seconds left, rounded up so it never shows 0:00 early. */
export function formatCountdown(ms: number): string {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

const attempts = (n: number) => (n === 1 ? '1 more attempt' : `${n} more attempts`);

/**
 * What the PIN dialog says after a refusal, given how much of the lock-out is left now
 * (`remainingMs`, 0 once it is over). Null when there is nothing to say.
 */
export function describePinRefusal(refusal: PinRefusal | null, remainingMs: number): string | null {
  if (!refusal) return null;
  if (refusal.reason === 'locked' || refusal.lockedUntil !== null) {
    if (remainingMs <= 0) return 'The lock-out is over: you can try again now.';
    const lead = refusal.reason === 'wrong_pin' ? 'Wrong PIN. ' : '';
    return `${lead}Locked after too many wrong PINs: try again in ${formatCountdown(remainingMs)}.`;
  }
  if (refusal.attemptsBeforeLock <= 0) return 'Wrong PIN.';
  return `Wrong PIN. ${attempts(refusal.attemptsBeforeLock)} before a lock-out.`;
}

/** Digits only, 4 to 12 of them: the rule main applies (`pinInput` in shared/people/ipc.ts). */
export function pinProblem(pin: string): string | null {
  if (pin === '') return 'Enter the PIN.';
  if (!/^\d+$/.test(pin)) return 'A PIN has digits only.';
  if (pin.length < 4 || pin.length > 12) return 'A PIN is 4 to 12 digits.';
  return null;
}

export interface NewPinProblem {
  field: 'pin' | 'repeat';
  message: string;
}

/**
 * Checks a new PIN and its repetition. An empty pair is fine unless `required` (a PIN
 * is optional when adding a profile, but "Set PIN" needs one).
 */
export function newPinProblem(pin: string, repeat: string, required: boolean): NewPinProblem | null {
  if (pin === '' && repeat === '' && !required) return null;
  const problem = pinProblem(pin);
  if (problem) return { field: 'pin', message: problem === 'Enter the PIN.' ? 'Choose a PIN of 4 to 12 digits.' : problem };
  if (repeat !== pin) return { field: 'repeat', message: 'The two PINs are not the same.' };
  return null;
}
