import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { openDatabase } from '../db/open-database';
import { openTestDb, type TestDb } from '../cohort/testing/fixtures';
import { ACTIVE_PROFILE_KEY, ActiveProfile } from './active-profile';
import { PIN_THROTTLE } from './pin-throttle';
import { createProfile, deleteProfile, setProfilePin, setProfileRole } from './profiles';

let t: TestDb;
/** Databases opened again by `restart` (the fixture only closes the first one). */
const reopened: { close(): Promise<void> }[] = [];
/** The clock the PIN throttle runs on; tests move it. */
let now: Date;
const clock = { now: () => now };

beforeEach(async () => {
  t = await openTestDb('chattrain-active-profile-');
  now = new Date('2026-03-02T09:00:00.000Z');
});
afterEach(async () => {
  for (const database of reopened.splice(0)) await database.close().catch(() => undefined);
  await t.cleanup();
});

const active = () => new ActiveProfile(t.database.db, clock);

/** The same database file opened again, as after quitting and starting the app. */
async function restart(): Promise<ActiveProfile> {
  await t.database.close();
  t.database = await openDatabase(join(t.dir, 'app.db'));
  reopened.push(t.database);
  return active();
}

describe('the active profile', () => {
  it('starts as the default trainee, created once when there is none', async () => {
    const people = active();
    const first = await people.profile();
    expect(first).toMatchObject({ displayName: 'Trainee', role: 'trainee', hasPin: false });
    expect(await people.viewer()).toEqual({ id: first.id, role: 'trainee' });
    // Asking again (or from a fresh object) does not create another one.
    expect((await active().profile()).id).toBe(first.id);
    expect(await t.database.db.selectFrom('users').select('id').execute()).toHaveLength(1);
  });

  it('falls back to the oldest trainee, never to a facilitator that happens to be called "Trainee"', async () => {
    const db = t.database.db;
    // The only profile called "Trainee" was promoted and protected with a PIN.
    const promoted = await createProfile(db, { displayName: 'Trainee', role: 'facilitator', pin: '8642' });
    const people = active();
    const fallback = await people.profile();
    expect(fallback.id).not.toBe(promoted.id);
    expect(fallback).toMatchObject({ role: 'trainee', displayName: 'Trainee 2' });

    // With trainees around, the oldest one is the default.
    now = new Date('2026-03-02T10:00:00.000Z');
    const younger = await createProfile(db, { displayName: 'Younger', role: 'trainee' }, clock);
    expect((await active().profile()).id).toBe(fallback.id);
    expect((await active().profile()).id).not.toBe(younger.id);
  });

  it('switches to a profile without a PIN and acts as it', async () => {
    const db = t.database.db;
    const alex = await createProfile(db, { displayName: 'Alex', role: 'trainee' });
    const kim = await createProfile(db, { displayName: 'Kim', role: 'facilitator' });
    const people = active();
    const outcome = await people.switchTo(alex.id, null);
    expect(outcome).toEqual({ ok: true, profile: alex });
    expect(await people.viewer()).toEqual({ id: alex.id, role: 'trainee' });
    await expect(people.require(['facilitator', 'trainer'])).rejects.toMatchObject({ code: 'UNAUTHORIZED' });

    expect((await people.switchTo(kim.id, null)).ok).toBe(true);
    expect(await people.require(['facilitator', 'trainer'])).toEqual({ id: kim.id, role: 'facilitator' });
    // A role change shows at once: the role is read from the database, not remembered.
    await setProfileRole(db, kim.id, 'trainee');
    expect(await people.viewer()).toEqual({ id: kim.id, role: 'trainee' });
  });

  it('refuses an unknown profile with NOT_FOUND and keeps the active one', async () => {
    const people = active();
    const before = await people.profile();
    const error = await people.switchTo('6f1c2b1e-0000-4000-8000-000000000000', null).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('NOT_FOUND');
    expect((await people.profile()).id).toBe(before.id);
  });

  it('needs the PIN of a protected profile; wrong PINs are counted and lock the profile through switchTo', async () => {
    const db = t.database.db;
    const kim = await createProfile(db, { displayName: 'Kim', role: 'facilitator', pin: '2468' });
    const people = active();
    const trainee = await people.profile();

    // No PIN at all is refused, but it is not a guess and costs no attempt.
    const missing = await people.switchTo(kim.id, null);
    expect(missing).toMatchObject({ ok: false, check: { reason: 'wrong_pin', failures: 0, attemptsBeforeLock: PIN_THROTTLE.lockAfter } });
    expect(await people.switchTo(kim.id, '')).toMatchObject({ ok: false, check: { failures: 0 } });
    for (let failure = 1; failure < PIN_THROTTLE.lockAfter; failure++) {
      const outcome = await people.switchTo(kim.id, '0000');
      expect(outcome).toMatchObject({ ok: false, check: { reason: 'wrong_pin', failures: failure, attemptsBeforeLock: PIN_THROTTLE.lockAfter - failure, lockedUntil: null } });
    }
    const locking = await people.switchTo(kim.id, '1111');
    expect(locking).toMatchObject({ ok: false, check: { reason: 'wrong_pin', failures: PIN_THROTTLE.lockAfter, attemptsBeforeLock: 0, retryAfterMs: PIN_THROTTLE.baseLockMs } });
    // Locked: even the right PIN is refused without being checked.
    now = new Date(now.getTime() + 10_000);
    expect(await people.switchTo(kim.id, '2468')).toMatchObject({ ok: false, check: { reason: 'locked', retryAfterMs: PIN_THROTTLE.baseLockMs - 10_000 } });
    expect(await people.switchTo(kim.id, null)).toMatchObject({ ok: false, check: { reason: 'locked' } });
    expect((await people.profile()).id).toBe(trainee.id);

    // After the lock-out the right PIN works and clears the count.
    now = new Date(now.getTime() + PIN_THROTTLE.baseLockMs);
    const opened = await people.switchTo(kim.id, '2468');
    expect(opened).toMatchObject({ ok: true, profile: { id: kim.id, role: 'facilitator', hasPin: true } });
    expect(await people.viewer()).toEqual({ id: kim.id, role: 'facilitator' });
    expect(await people.switchTo(kim.id, '9999')).toMatchObject({ ok: false, check: { reason: 'wrong_pin', failures: 1 } });
  });

  it('does not restore a PIN profile after a restart, but the last profile without a PIN', async () => {
    const db = t.database.db;
    const alex = await createProfile(db, { displayName: 'Alex', role: 'trainee' });
    await createProfile(db, { displayName: 'Blake', role: 'trainee' });
    const kim = await createProfile(db, { displayName: 'Kim', role: 'facilitator', pin: '2468' });
    const people = active();
    await people.switchTo(alex.id, null);
    expect((await people.switchTo(kim.id, '2468')).ok).toBe(true);
    expect((await people.profile()).id).toBe(kim.id);

    const afterRestart = await restart();
    expect((await afterRestart.profile()).id).toBe(alex.id);
  });

  it('restores a profile without a PIN after a restart, unless it has a PIN by then', async () => {
    const db = t.database.db;
    await createProfile(db, { displayName: 'Alex', role: 'trainee' });
    const robin = await createProfile(db, { displayName: 'Robin', role: 'facilitator' });
    await active().switchTo(robin.id, null);
    expect((await (await restart()).profile()).id).toBe(robin.id);

    await setProfilePin(t.database.db, robin.id, '1357');
    const fallback = await (await restart()).profile();
    expect(fallback).toMatchObject({ displayName: 'Alex', role: 'trainee' });
  });

  it('ignores a remembered value that is not a profile id', async () => {
    const db = t.database.db;
    const alex = await createProfile(db, { displayName: 'Alex', role: 'trainee' });
    await db.insertInto('settings').values({ key: ACTIVE_PROFILE_KEY, value_json: JSON.stringify({ id: 'not a string id' }), updated_at: now.toISOString() }).execute();
    expect((await active().profile()).id).toBe(alex.id);
  });

  it('falls back to the default trainee when the active profile is deleted', async () => {
    const db = t.database.db;
    const alex = await createProfile(db, { displayName: 'Alex', role: 'trainee' });
    const blake = await createProfile(db, { displayName: 'Blake', role: 'trainee' });
    const people = active();
    await people.switchTo(blake.id, null);
    await deleteProfile(db, blake.id);
    expect((await people.profile()).id).toBe(alex.id);

    // Also after a restart (the remembered id points nowhere now).
    expect((await (await restart()).profile()).id).toBe(alex.id);

    // `forget` after deleting the active profile elsewhere has the same effect.
    const again = active();
    const carol = await createProfile(t.database.db, { displayName: 'Carol', role: 'trainee' });
    await again.switchTo(carol.id, null);
    again.forget(carol.id);
    await deleteProfile(t.database.db, carol.id);
    expect((await again.profile()).id).toBe(alex.id);
  });
});
