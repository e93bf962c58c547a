import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { openDatabase } from '../db/open-database';
import { claimScenario, openTestDb, playSession, type TestDb } from '../cohort/testing/fixtures';
import { CURRENT_PIN_PARAMS, hashPin, needsRehash, parsePinHash, verifyPinHash } from './pin';
import { lockDurationMs, throttleKey } from './pin-throttle';
import {
  createProfile,
  deleteProfile,
  getProfile,
  listProfiles,
  pinStatus,
  renameProfile,
  setProfilePin,
  setProfileRole,
  verifyProfilePin,
} from './profiles';
import { assertCanViewSession, canViewSession, requireRole, sessionsVisibleTo } from './visibility';

let t: TestDb;
beforeEach(async () => {
  t = await openTestDb('chattrain-people-');
});
afterEach(async () => {
  await t.cleanup();
});

const codeOf = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    return error instanceof AppError ? error.code : `not an AppError: ${String(error)}`;
  }
  return 'no error';
};

describe('profiles', () => {
  it('creates, lists (by name), renames and reads profiles with roles', async () => {
    const db = t.database.db;
    const zoe = await createProfile(db, { displayName: '  Zoë  ', role: 'trainee' });
    const amir = await createProfile(db, { displayName: 'Amir', role: 'facilitator', pin: '2468' });
    expect(zoe).toMatchObject({ displayName: 'Zoë', role: 'trainee', hasPin: false });
    expect(amir).toMatchObject({ displayName: 'Amir', role: 'facilitator', hasPin: true });
    expect((await listProfiles(db)).map((p) => p.displayName)).toEqual(['Amir', 'Zoë']);
    expect((await listProfiles(db, { role: 'trainee' })).map((p) => p.displayName)).toEqual(['Zoë']);
    const renamed = await renameProfile(db, zoe.id, 'Zoe B.', { now: () => new Date('2026-04-01T00:00:00.000Z') });
    expect(renamed).toMatchObject({ displayName: 'Zoe B.', updatedAt: '2026-04-01T00:00:00.000Z' });
    expect(await getProfile(db, zoe.id)).toEqual(renamed);
  });

  it('refuses bad names, duplicate names (any case), unknown roles and PINs for trainees', async () => {
    const db = t.database.db;
    await createProfile(db, { displayName: 'Robin', role: 'trainee' });
    expect(await codeOf(createProfile(db, { displayName: '   ', role: 'trainee' }))).toBe('BAD_INPUT');
    expect(await codeOf(createProfile(db, { displayName: 'x'.repeat(201), role: 'trainee' }))).toBe('BAD_INPUT');
    expect(await codeOf(createProfile(db, { displayName: 'a\u0007b', role: 'trainee' }))).toBe('BAD_INPUT');
    expect(await codeOf(createProfile(db, { displayName: 'ROBIN', role: 'trainee' }))).toBe('CONFLICT');
    expect(await codeOf(createProfile(db, { displayName: 'Kim', role: 'admin' as never }))).toBe('BAD_INPUT');
    expect(await codeOf(createProfile(db, { displayName: 'Kim', role: 'trainee', pin: '1234' }))).toBe('BAD_INPUT');
    expect(await codeOf(createProfile(db, { displayName: 'Kim', role: 'trainer', pin: '12' }))).toBe('BAD_INPUT');
    expect(await codeOf(getProfile(db, 'nope'))).toBe('NOT_FOUND');
  });

  it('becoming a trainee removes the PIN', async () => {
    const db = t.database.db;
    const lee = await createProfile(db, { displayName: 'Lee', role: 'trainer', pin: '135790' });
    expect((await setProfileRole(db, lee.id, 'trainee')).hasPin).toBe(false);
    expect(await codeOf(setProfilePin(db, lee.id, '1234'))).toBe('BAD_INPUT');
  });

  it('deleteProfile removes the profile with all its sessions, goals, reflections and activity, and nobody else’s', async () => {
    const db = t.database.db;
    const ana = await createProfile(db, { displayName: 'Ana', role: 'trainee' });
    const ben = await createProfile(db, { displayName: 'Ben', role: 'trainee' });
    const anaSession = await playSession(t, ana.id, claimScenario, 'pass');
    const benSession = await playSession(t, ben.id, claimScenario, 'pass');
    const now = new Date().toISOString();
    await db.insertInto('reflections').values({ id: 'r1', session_id: anaSession, user_id: ana.id, takeaways: 'x', revised_goal: null, created_at: now, updated_at: now }).execute();
    await db
      .insertInto('goals')
      .values({ id: 'g1', user_id: ana.id, scenario_id: null, session_id: anaSession, specific: 's', measurable: 'm', achievable: 'a', relevant: 'r', time_bound: 't', status: 'active', created_at: now, updated_at: now })
      .execute();
    await db.insertInto('goal_checkins').values({ id: 'c1', goal_id: 'g1', progress: 50, note: null, created_at: now }).execute();

    const result = await deleteProfile(db, ana.id);
    expect(result).toMatchObject({ profileId: ana.id, sessions: 1, goals: 1, reflections: 1 });
    expect(result.messages).toBeGreaterThan(0);
    expect(result.activity).toBeGreaterThan(0);
    expect(await db.selectFrom('users').select('id').execute()).toEqual([{ id: ben.id }]);
    expect(await db.selectFrom('sessions').select('id').execute()).toEqual([{ id: benSession }]);
    for (const table of ['messages', 'feedback', 'step_progress', 'session_summaries', 'activity_log'] as const) {
      const rows = await db.selectFrom(table).select('session_id').distinct().execute();
      expect(rows.map((row) => row.session_id), table).toEqual([benSession]);
    }
    expect(await db.selectFrom('goals').select('id').execute()).toEqual([]);
    expect(await db.selectFrom('goal_checkins').select('id').execute()).toEqual([]);
    expect(await db.selectFrom('reflections').select('id').execute()).toEqual([]);
  });
});

describe('PIN hashing', () => {
  it('stores scrypt with N = 2^15 and a random 16-byte salt, encoded with its parameters', async () => {
    const first = await hashPin('482916');
    const second = await hashPin('482916');
    expect(first).toMatch(/^\$scrypt\$ln=15,r=8,p=1\$[A-Za-z0-9+/]+=*\$[A-Za-z0-9+/]+=*$/);
    expect(first).not.toBe(second);
    const parsed = parsePinHash(first)!;
    expect(parsed.salt).toHaveLength(16);
    expect(parsed.key).toHaveLength(32);
    expect(2 ** parsed.params.ln).toBeGreaterThanOrEqual(2 ** 15);
    expect(await verifyPinHash('482916', first)).toBe(true);
    expect(await verifyPinHash('482917', first)).toBe(false);
    expect(await verifyPinHash('482916', 'plain-text')).toBe(false);
    expect(await verifyPinHash('482916', '$scrypt$ln=40,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAA==')).toBe(false);
  });

  it('keeps verifying PINs hashed with older parameters and says when to re-hash', async () => {
    const old = await hashPin('1234', { ln: 12, r: 8, p: 1 });
    expect(await verifyPinHash('1234', old)).toBe(true);
    expect(needsRehash(old)).toBe(true);
    expect(needsRehash(await hashPin('1234', CURRENT_PIN_PARAMS))).toBe(false);
  });

  it('re-hashes an old-parameter PIN after a successful check', async () => {
    const db = t.database.db;
    const kim = await createProfile(db, { displayName: 'Kim', role: 'facilitator' });
    await db.updateTable('users').set({ pin_hash: await hashPin('1234', { ln: 12, r: 8, p: 1 }) }).where('id', '=', kim.id).execute();
    expect(await verifyProfilePin(db, kim.id, '1234')).toEqual({ ok: true, reason: 'verified' });
    const stored = await db.selectFrom('users').select('pin_hash').where('id', '=', kim.id).executeTakeFirstOrThrow();
    expect(stored.pin_hash).toMatch(/^\$scrypt\$ln=15,/);
  });
});

describe('PIN throttling (fake clock)', () => {
  it('allows 4 wrong PINs, locks for 30 s on the 5th, then doubles; locked attempts are refused unchecked; success resets', async () => {
    const db = t.database.db;
    let now = new Date('2026-05-01T12:00:00.000Z');
    const clock = { now: () => now };
    const tick = (seconds: number) => (now = new Date(now.getTime() + seconds * 1000));
    const fac = await createProfile(db, { displayName: 'Fay', role: 'facilitator', pin: '7391' });

    for (let i = 1; i <= 4; i++) {
      const result = await verifyProfilePin(db, fac.id, '0000', clock);
      expect(result).toMatchObject({ ok: false, reason: 'wrong_pin', failures: i, attemptsBeforeLock: 5 - i, lockedUntil: null });
      tick(1);
    }
    const fifth = await verifyProfilePin(db, fac.id, '0000', clock);
    expect(fifth).toMatchObject({ ok: false, reason: 'wrong_pin', failures: 5, attemptsBeforeLock: 0, retryAfterMs: 30_000 });

    tick(10);
    // Even the right PIN is refused while locked, and does not count.
    expect(await verifyProfilePin(db, fac.id, '7391', clock)).toMatchObject({ ok: false, reason: 'locked', failures: 5, retryAfterMs: 20_000 });
    expect(await pinStatus(db, fac.id, clock)).toMatchObject({ hasPin: true, failures: 5, retryAfterMs: 20_000 });

    tick(20);
    expect(await verifyProfilePin(db, fac.id, '1111', clock)).toMatchObject({ reason: 'wrong_pin', failures: 6, retryAfterMs: 60_000 });
    tick(59);
    expect(await verifyProfilePin(db, fac.id, '7391', clock)).toMatchObject({ reason: 'locked', retryAfterMs: 1_000 });
    tick(1);
    expect(await verifyProfilePin(db, fac.id, '7391', clock)).toEqual({ ok: true, reason: 'verified' });
    expect(await pinStatus(db, fac.id, clock)).toMatchObject({ failures: 0, lockedUntil: null, retryAfterMs: 0 });
  });

  it('keeps the lock-out across a restart (state in the settings table)', async () => {
    let now = new Date('2026-05-01T12:00:00.000Z');
    const clock = { now: () => now };
    const fac = await createProfile(t.database.db, { displayName: 'Fay', role: 'trainer', pin: '7391' });
    for (let i = 0; i < 5; i++) await verifyProfilePin(t.database.db, fac.id, '0000', clock);
    await t.database.close();

    const reopened = await openDatabase(join(t.dir, 'app.db'));
    t.database = reopened;
    now = new Date(now.getTime() + 5_000);
    expect(await verifyProfilePin(reopened.db, fac.id, '7391', clock)).toMatchObject({ ok: false, reason: 'locked', retryAfterMs: 25_000 });
    const row = await reopened.db.selectFrom('settings').select('value_json').where('key', '=', throttleKey(fac.id)).executeTakeFirstOrThrow();
    expect(JSON.parse(row.value_json)).toMatchObject({ failures: 5 });
  });

  it('caps the lock-out at one hour and forgets an old run of failures after a day', async () => {
    expect([4, 5, 6, 7, 8].map(lockDurationMs)).toEqual([0, 30_000, 60_000, 120_000, 240_000]);
    expect(lockDurationMs(50)).toBe(3_600_000);

    let now = new Date('2026-05-01T12:00:00.000Z');
    const clock = { now: () => now };
    const fac = await createProfile(t.database.db, { displayName: 'Fay', role: 'facilitator', pin: '7391' });
    for (let i = 0; i < 3; i++) await verifyProfilePin(t.database.db, fac.id, '0000', clock);
    now = new Date(now.getTime() + 25 * 3_600_000);
    expect(await verifyProfilePin(t.database.db, fac.id, '0000', clock)).toMatchObject({ failures: 1 });
  });

  it('a profile without a PIN is open; setting a new PIN clears the lock-out', async () => {
    const db = t.database.db;
    let now = new Date('2026-05-01T12:00:00.000Z');
    const clock = { now: () => now };
    const trainee = await createProfile(db, { displayName: 'Tia', role: 'trainee' });
    expect(await verifyProfilePin(db, trainee.id, 'anything', clock)).toEqual({ ok: true, reason: 'no_pin' });
    const fac = await createProfile(db, { displayName: 'Fay', role: 'facilitator', pin: '7391' });
    for (let i = 0; i < 5; i++) await verifyProfilePin(db, fac.id, '0000', clock);
    expect((await pinStatus(db, fac.id, clock)).retryAfterMs).toBe(30_000);
    await setProfilePin(db, fac.id, '5555');
    expect(await verifyProfilePin(db, fac.id, '5555', clock)).toEqual({ ok: true, reason: 'verified' });
    await setProfilePin(db, fac.id, null);
    expect(await verifyProfilePin(db, fac.id, '', clock)).toEqual({ ok: true, reason: 'no_pin' });
  });
});

describe('visibility', () => {
  it('a trainee sees only their own sessions; facilitators and trainers see all', async () => {
    const db = t.database.db;
    const ana = await createProfile(db, { displayName: 'Ana', role: 'trainee' });
    const ben = await createProfile(db, { displayName: 'Ben', role: 'trainee' });
    const fac = await createProfile(db, { displayName: 'Fay', role: 'facilitator' });
    const trainer = await createProfile(db, { displayName: 'Tom', role: 'trainer' });
    const a1 = await playSession(t, ana.id, claimScenario, 'pass');
    const a2 = await playSession(t, ana.id, claimScenario, 'in_progress');
    const b1 = await playSession(t, ben.id, claimScenario, 'fail');

    const ids = async (viewer: { id: string; role: 'trainee' | 'facilitator' | 'trainer' }) =>
      (await sessionsVisibleTo(db, viewer).select('sessions.id').orderBy('sessions.id').execute()).map((row) => row.id);
    expect(await ids(ana)).toEqual([a1, a2].sort());
    expect(await ids(ben)).toEqual([b1]);
    expect(await ids(fac)).toEqual([a1, a2, b1].sort());
    expect(await ids(trainer)).toEqual([a1, a2, b1].sort());
    // Further filters compose with the restriction.
    expect((await sessionsVisibleTo(db, ana).select('id').where('status', '=', 'completed').execute()).map((r) => r.id)).toEqual([a1]);

    expect(await canViewSession(db, ana, b1)).toBe(false);
    expect(await canViewSession(db, fac, b1)).toBe(true);
    expect(await codeOf(assertCanViewSession(db, ana, b1))).toBe('NOT_FOUND');
    await expect(assertCanViewSession(db, ben, b1)).resolves.toBeUndefined();
    expect(() => requireRole(ana, ['facilitator', 'trainer'])).toThrow(AppError);
    expect(() => requireRole(trainer, ['facilitator', 'trainer'])).not.toThrow();
  });
});
