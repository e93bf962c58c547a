import type { Executor } from '../data-care/db-access';

/**
 * Wrong-PIN throttling, persisted in the `settings` table (key `pin_throttle:<userId>`) so
 * restarting the app does not reset it. Policy:
 *  - the first 4 wrong PINs in a row cost nothing;
 *  - the 5th locks the profile for 30 s, and every further wrong PIN doubles the lock-out
 *    (60 s, 120 s, …) up to one hour;
 *  - while locked, attempts are refused without checking the PIN (and are not counted);
 *  - a correct PIN, or setting/removing the PIN, clears the state;
 *  - a run of failures older than 24 h (and no lock in force) starts again from zero.
 */
export const PIN_THROTTLE = {
  lockAfter: 5,
  baseLockMs: 30_000,
  maxLockMs: 60 * 60_000,
  resetAfterMs: 24 * 60 * 60_000,
} as const;

export interface PinThrottleState {
  /** Wrong PINs in a row. */
  failures: number;
  /** ISO time until which attempts are refused, or null. */
  lockedUntil: string | null;
  lastFailureAt: string | null;
}

const emptyState: PinThrottleState = { failures: 0, lockedUntil: null, lastFailureAt: null };

export const throttleKey = (userId: string) => `pin_throttle:${userId}`;

/** Lock-out after `failures` wrong PINs in a row (0 below the threshold). */
export function lockDurationMs(failures: number): number {
  if (failures < PIN_THROTTLE.lockAfter) return 0;
  const exponent = Math.min(failures - PIN_THROTTLE.lockAfter, 30);
  return Math.min(PIN_THROTTLE.baseLockMs * 2 ** exponent, PIN_THROTTLE.maxLockMs);
}

function parseState(json: string | undefined): PinThrottleState {
  if (!json) return { ...emptyState };
  try {
    const value = JSON.parse(json) as Partial<PinThrottleState>;
    return {
      failures: Number.isInteger(value.failures) && value.failures! >= 0 ? value.failures! : 0,
      lockedUntil: typeof value.lockedUntil === 'string' && !Number.isNaN(Date.parse(value.lockedUntil)) ? value.lockedUntil : null,
      lastFailureAt: typeof value.lastFailureAt === 'string' ? value.lastFailureAt : null,
    };
  } catch {
    // An unreadable row must not unlock anything it may have locked: treat it as one lock-out.
    return { failures: PIN_THROTTLE.lockAfter, lockedUntil: null, lastFailureAt: null };
  }
}

/** The stored state, with an old run of failures (see policy) already forgotten. */
export async function readThrottle(db: Executor, userId: string, now: Date): Promise<PinThrottleState> {
  const row = await db.selectFrom('settings').select('value_json').where('key', '=', throttleKey(userId)).executeTakeFirst();
  const state = parseState(row?.value_json);
  const locked = state.lockedUntil !== null && Date.parse(state.lockedUntil) > now.getTime();
  if (!locked && state.lastFailureAt && now.getTime() - Date.parse(state.lastFailureAt) > PIN_THROTTLE.resetAfterMs) return { ...emptyState };
  return state;
}

/** Milliseconds the profile stays locked (0 when it is not locked). */
export function remainingLockMs(state: PinThrottleState, now: Date): number {
  if (!state.lockedUntil) return 0;
  return Math.max(0, Date.parse(state.lockedUntil) - now.getTime());
}

async function writeState(db: Executor, userId: string, state: PinThrottleState, now: Date): Promise<void> {
  const value = JSON.stringify(state);
  await db
    .insertInto('settings')
    .values({ key: throttleKey(userId), value_json: value, updated_at: now.toISOString() })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value_json: value, updated_at: now.toISOString() }))
    .execute();
}

/** Counts one wrong PIN and starts a lock-out when the policy says so; returns the new state. */
export async function recordFailure(db: Executor, userId: string, now: Date): Promise<PinThrottleState> {
  const previous = await readThrottle(db, userId, now);
  const failures = previous.failures + 1;
  const lockMs = lockDurationMs(failures);
  const state: PinThrottleState = {
    failures,
    lockedUntil: lockMs > 0 ? new Date(now.getTime() + lockMs).toISOString() : null,
    lastFailureAt: now.toISOString(),
  };
  await writeState(db, userId, state, now);
  return state;
}

export async function clearThrottle(db: Executor, userId: string): Promise<void> {
  await db.deleteFrom('settings').where('key', '=', throttleKey(userId)).execute();
}
