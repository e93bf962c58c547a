import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { AppError } from '../../../shared/errors';
import { roles, type PinRefusal, type PinStatus, type Profile } from '../../../shared/people/types';
import { deleteProfileData, type ProfileDataCounts } from '../data-care/delete-profile-data';
import type { Database, UserRole, UserRow } from '../db/schema';
import { assertValidPin, hashPin, needsRehash, verifyPinHash } from './pin';
import { clearThrottle, PIN_THROTTLE, readThrottle, recordFailure, remainingLockMs } from './pin-throttle';

/**
 * Local profiles (SPEC 6): people on this laptop with a role. Trainees practise;
 * facilitators and trainers see everyone's sessions and can protect their profile with a
 * PIN. No cloud accounts. Every function takes the Kysely handle; `now` is injectable for
 * tests. The PIN hash never leaves this module (a Profile only says whether one is set).
 */

export { roles, type PinStatus, type Profile };

export interface Clock {
  now?: () => Date;
}

const clockOf = (options?: Clock) => options?.now ?? (() => new Date());

export function toProfile(row: UserRow): Profile {
  return { id: row.id, displayName: row.display_name, role: row.role, hasPin: row.pin_hash !== null, createdAt: row.created_at, updatedAt: row.updated_at };
}

/** Trims and checks a display name: 1–200 characters, no control characters. */
export function normalizeDisplayName(name: unknown): string {
  if (typeof name !== 'string') throw new AppError('BAD_INPUT', 'A profile needs a name.');
  const trimmed = name.normalize('NFC').trim().replace(/\s+/g, ' ');
  if (trimmed.length === 0) throw new AppError('BAD_INPUT', 'A profile needs a name.');
  if (trimmed.length > 200) throw new AppError('BAD_INPUT', 'A profile name can be at most 200 characters.');
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(trimmed)) throw new AppError('BAD_INPUT', 'A profile name cannot contain control characters.');
  return trimmed;
}

function assertRole(role: unknown): asserts role is UserRole {
  if (!roles.includes(role as UserRole)) throw new AppError('BAD_INPUT', `A role must be one of ${roles.join(', ')}.`);
}

async function loadUser(db: Kysely<Database>, id: string): Promise<UserRow> {
  const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', `There is no profile with id ${id}.`);
  return row;
}

/** Names are unique ignoring case, so people can tell profiles apart on the picker. */
async function assertNameFree(db: Kysely<Database>, name: string, exceptId?: string): Promise<void> {
  const clash = await db
    .selectFrom('users')
    .select('id')
    .where((eb) => eb(eb.fn('lower', ['display_name']), '=', name.toLowerCase()))
    .$if(exceptId !== undefined, (qb) => qb.where('id', '!=', exceptId!))
    .executeTakeFirst();
  if (clash) throw new AppError('CONFLICT', `There is already a profile called "${name}".`);
}

export interface NewProfileInput {
  displayName: string;
  role: UserRole;
  /** Facilitators and trainers only. */
  pin?: string | null;
}

export async function createProfile(db: Kysely<Database>, input: NewProfileInput, options?: Clock): Promise<Profile> {
  const name = normalizeDisplayName(input.displayName);
  assertRole(input.role);
  if (input.pin != null && input.role === 'trainee') throw new AppError('BAD_INPUT', 'Only facilitator and trainer profiles can have a PIN.');
  if (input.pin != null) assertValidPin(input.pin);
  const pinHash = input.pin != null ? await hashPin(input.pin) : null;
  await assertNameFree(db, name);
  const now = clockOf(options)().toISOString();
  const row: UserRow = { id: randomUUID(), display_name: name, role: input.role, pin_hash: pinHash, created_at: now, updated_at: now };
  await db.insertInto('users').values(row).execute();
  return toProfile(row);
}

export async function getProfile(db: Kysely<Database>, id: string): Promise<Profile> {
  return toProfile(await loadUser(db, id));
}

/** Every profile, ordered by name (case-insensitive). */
export async function listProfiles(db: Kysely<Database>, filter: { role?: UserRole } = {}): Promise<Profile[]> {
  const rows = await db
    .selectFrom('users')
    .selectAll()
    .$if(filter.role !== undefined, (qb) => qb.where('role', '=', filter.role!))
    .orderBy((eb) => eb.fn('lower', ['display_name']))
    .orderBy('created_at')
    .execute();
  return rows.map(toProfile);
}

export async function renameProfile(db: Kysely<Database>, id: string, displayName: string, options?: Clock): Promise<Profile> {
  const name = normalizeDisplayName(displayName);
  await loadUser(db, id);
  await assertNameFree(db, name, id);
  await db.updateTable('users').set({ display_name: name, updated_at: clockOf(options)().toISOString() }).where('id', '=', id).execute();
  return getProfile(db, id);
}

/** Changes a role. Becoming a trainee removes the PIN (trainees have none). */
export async function setProfileRole(db: Kysely<Database>, id: string, role: UserRole, options?: Clock): Promise<Profile> {
  assertRole(role);
  await loadUser(db, id);
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({ role, updated_at: clockOf(options)().toISOString(), ...(role === 'trainee' ? { pin_hash: null } : {}) })
      .where('id', '=', id)
      .execute();
    if (role === 'trainee') await clearThrottle(trx, id);
  });
  return getProfile(db, id);
}

/**
 * Sets (or with null removes) the PIN of a facilitator/trainer profile and clears any
 * lock-out. Whether the caller may do this (e.g. after entering the old PIN) is decided
 * by the caller.
 */
export async function setProfilePin(db: Kysely<Database>, id: string, pin: string | null, options?: Clock): Promise<Profile> {
  const user = await loadUser(db, id);
  if (pin !== null && user.role === 'trainee') throw new AppError('BAD_INPUT', 'Only facilitator and trainer profiles can have a PIN.');
  const pinHash = pin === null ? null : await hashPin(pin);
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ pin_hash: pinHash, updated_at: clockOf(options)().toISOString() }).where('id', '=', id).execute();
    await clearThrottle(trx, id);
  });
  return getProfile(db, id);
}

/** `no_pin`: the profile has no PIN (always the case for trainees), so access is open. */
export type PinCheck = { ok: true; reason: 'verified' | 'no_pin' } | ({ ok: false } & PinRefusal);

/** What the PIN prompt shows before anyone types: is there a PIN, is the profile locked. */
export async function pinStatus(db: Kysely<Database>, id: string, options?: Clock): Promise<PinStatus> {
  const user = await loadUser(db, id);
  const now = clockOf(options)();
  const state = await readThrottle(db, id, now);
  const retryAfterMs = remainingLockMs(state, now);
  return { hasPin: user.pin_hash !== null, failures: state.failures, lockedUntil: retryAfterMs > 0 ? state.lockedUntil : null, retryAfterMs };
}

// Checks of one profile run one at a time, so two quick attempts cannot both slip past a lock.
const pending = new Map<string, Promise<unknown>>();

function serialized<T>(key: string, task: () => Promise<T>): Promise<T> {
  const previous = pending.get(key) ?? Promise.resolve();
  const next = previous.then(task, task);
  const settled = next.catch(() => undefined);
  pending.set(key, settled);
  void settled.then(() => {
    if (pending.get(key) === settled) pending.delete(key);
  });
  return next;
}

/**
 * Checks a PIN with the throttling policy of `PIN_THROTTLE` (state kept in the database).
 * A locked profile is refused without looking at the PIN. A correct PIN clears the
 * failure count and re-hashes a PIN stored with older parameters.
 */
export async function verifyProfilePin(db: Kysely<Database>, id: string, pin: string, options?: Clock): Promise<PinCheck> {
  const clock = clockOf(options);
  return serialized(id, async () => {
    const user = await loadUser(db, id);
    if (user.pin_hash === null) return { ok: true, reason: 'no_pin' } as const;
    const before = await readThrottle(db, id, clock());
    const lockLeft = remainingLockMs(before, clock());
    if (lockLeft > 0) return { ok: false, reason: 'locked', failures: before.failures, lockedUntil: before.lockedUntil!, retryAfterMs: lockLeft } as const;

    const matches = typeof pin === 'string' && (await verifyPinHash(pin, user.pin_hash));
    const now = clock();
    if (matches) {
      const rehash = needsRehash(user.pin_hash) ? await hashPin(pin) : null;
      await db.transaction().execute(async (trx) => {
        await clearThrottle(trx, id);
        if (rehash) await trx.updateTable('users').set({ pin_hash: rehash }).where('id', '=', id).execute();
      });
      return { ok: true, reason: 'verified' } as const;
    }
    const state = await db.transaction().execute((trx) => recordFailure(trx, id, now));
    return {
      ok: false,
      reason: 'wrong_pin',
      failures: state.failures,
      attemptsBeforeLock: Math.max(0, PIN_THROTTLE.lockAfter - state.failures),
      lockedUntil: state.lockedUntil,
      retryAfterMs: remainingLockMs(state, now),
    } as const;
  });
}

export interface DeleteProfileResult extends ProfileDataCounts {
  profileId: string;
}

/**
 * Removes a profile and all of its data (see `deleteProfileData`) in one transaction,
 * including its PIN lock-out state.
 */
export async function deleteProfile(db: Kysely<Database>, id: string): Promise<DeleteProfileResult> {
  return db.transaction().execute(async (trx) => {
    const counts = await deleteProfileData(trx, id);
    await clearThrottle(trx, id);
    await trx.deleteFrom('users').where('id', '=', id).execute();
    return { profileId: id, ...counts };
  });
}
