import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import type { Profile } from '../../../shared/people/types';
import { createChatTrainCore, type ChatTrainCore } from '../chattrain-core';
import { bundledContentDir } from '../paths';
import { PIN_THROTTLE } from './pin-throttle';

/**
 * Who may do what, checked where it matters: on the IPC handlers of a real core (real
 * database, bundled content), exactly as the renderer reaches them. The renderer hiding
 * a button is not the protection; these refusals are.
 */

const SCENARIO = 'insurance.claim_handling.v1';
const FACILITATOR_PIN = '2468';

let core: ChatTrainCore;
let dataDir: string;
beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'chattrain-roles-'));
  core = await createChatTrainCore({ dataDir, bundledContentDir: bundledContentDir(), mode: 'cli', appVersion: 'test' });
});
afterEach(async () => {
  await core.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** The AppError code a call failed with ('ok' when it did not fail). */
async function codeOf(call: () => unknown): Promise<string> {
  try {
    await call();
    return 'ok';
  } catch (error) {
    return error instanceof AppError ? error.code : `not an AppError: ${String(error)}`;
  }
}

async function switchTo(profile: Profile, pin?: string): Promise<void> {
  const result = await core.handlers['profiles.switch'](pin === undefined ? { profileId: profile.id } : { profileId: profile.id, pin });
  if (!result.ok) throw new Error(`could not switch to ${profile.displayName}: ${result.refusal.reason}`);
}

/** A session of the bundled scenario for the active profile, begun (the persona has spoken). */
async function startedSession(): Promise<string> {
  const created = await core.handlers['sessions.create']({ scenarioId: SCENARIO });
  await core.handlers['sessions.start']({ sessionId: created.session.id });
  return created.session.id;
}

/** The default trainee (A), a second trainee (B) with a session, and the first facilitator (F, with a PIN). */
async function cohort() {
  const alice = await core.handlers['profiles.current'](undefined);
  const bob = await core.handlers['profiles.create']({ displayName: 'Bob', role: 'trainee' });
  const fran = await core.handlers['profiles.create']({ displayName: 'Fran', role: 'facilitator', pin: FACILITATOR_PIN });
  await switchTo(bob);
  const bobSession = await startedSession();
  await switchTo(alice);
  const aliceSession = await startedSession();
  return { alice, bob, fran, bobSession, aliceSession };
}

describe('sessions by role', () => {
  it("a trainee cannot read, play or export another trainee's session: it looks like it does not exist", async () => {
    const { alice, bobSession, aliceSession } = await cohort();
    expect((await core.handlers['profiles.current'](undefined)).id).toBe(alice.id);

    const answer = { sessionId: bobSession, text: 'I am sorry to hear that. What is your policy number?' };
    expect(await codeOf(() => core.handlers['sessions.get']({ sessionId: bobSession }))).toBe('NOT_FOUND');
    expect(await codeOf(() => core.handlers['sessions.answer'](answer))).toBe('NOT_FOUND');
    expect(await codeOf(() => core.handlers['reports.export']({ sessionId: bobSession, format: 'json' }))).toBe('NOT_FOUND');
    expect(await codeOf(() => core.handlers['sessions.start']({ sessionId: bobSession }))).toBe('NOT_FOUND');
    expect(await codeOf(() => core.handlers['sessions.end']({ sessionId: bobSession }))).toBe('NOT_FOUND');
    expect(await codeOf(() => core.handlers['sessions.abandon']({ sessionId: bobSession }))).toBe('NOT_FOUND');
    expect(await codeOf(() => core.handlers['sessions.reflect']({ sessionId: bobSession, takeaways: 'x', revisedGoal: null }))).toBe('NOT_FOUND');
    // The same answer as for an id nobody has, so ids cannot be probed.
    expect(await codeOf(() => core.handlers['sessions.get']({ sessionId: '0b6f3c7e-1d2a-4c5b-9e8f-7a6b5c4d3e2f' }))).toBe('NOT_FOUND');

    // Reading a document "for" Bob's session works (documents are shared) but logs nothing on his session.
    const document = await core.database.db.selectFrom('documents').select('id').where('scenario_id', '=', SCENARIO).executeTakeFirstOrThrow();
    expect((await core.handlers['documents.get']({ id: document.id, sessionId: bobSession })).id).toBe(document.id);
    const viewsOnBob = await core.database.db.selectFrom('activity_log').select('id').where('session_id', '=', bobSession).where('type', '=', 'document_viewed').execute();
    expect(viewsOnBob).toEqual([]);

    // Nothing of Bob's changed, and Alice's own session works.
    const bobMessages = await core.database.db.selectFrom('messages').select('id').where('session_id', '=', bobSession).execute();
    expect(bobMessages).toHaveLength(1);
    expect((await core.handlers['sessions.get']({ sessionId: aliceSession })).session.id).toBe(aliceSession);
    const answered = await core.handlers['sessions.answer']({ sessionId: aliceSession, text: answer.text });
    expect(answered.messages.length).toBeGreaterThan(1);
    expect((await core.handlers['sessions.resumable'](undefined)).map((session) => session.id)).toEqual([aliceSession]);
  });

  it("a facilitator can read and export anyone's session but not play it", async () => {
    const { fran, bobSession } = await cohort();
    await switchTo(fran, FACILITATOR_PIN);

    const view = await core.handlers['sessions.get']({ sessionId: bobSession });
    expect(view.session.id).toBe(bobSession);
    const exported = await core.handlers['reports.export']({ sessionId: bobSession, format: 'json' });
    expect(exported.kind).toBe('download');

    const text = 'I am sorry to hear that. What is your policy number?';
    expect(await codeOf(() => core.handlers['sessions.answer']({ sessionId: bobSession, text }))).toBe('UNAUTHORIZED');
    expect(await codeOf(() => core.handlers['sessions.end']({ sessionId: bobSession }))).toBe('UNAUTHORIZED');
    expect(await codeOf(() => core.handlers['sessions.abandon']({ sessionId: bobSession }))).toBe('UNAUTHORIZED');
    expect(await codeOf(() => core.handlers['sessions.reflect']({ sessionId: bobSession, takeaways: 'x', revisedGoal: null }))).toBe('UNAUTHORIZED');
    const after = await core.database.db.selectFrom('sessions').select('status').where('id', '=', bobSession).executeTakeFirstOrThrow();
    expect(after.status).toBe('in_progress');
    // Their own "continue" list is theirs alone, not everyone's.
    expect(await core.handlers['sessions.resumable'](undefined)).toEqual([]);
  });
});

describe('managing profiles by role', () => {
  it('the first facilitator can be created by anyone; later ones only by a facilitator or trainer', async () => {
    const alice = await core.handlers['profiles.current'](undefined);
    expect(alice.role).toBe('trainee');
    const fran = await core.handlers['profiles.create']({ displayName: 'Fran', role: 'facilitator', pin: FACILITATOR_PIN });
    expect(fran).toMatchObject({ role: 'facilitator', hasPin: true });

    expect(await codeOf(() => core.handlers['profiles.create']({ displayName: 'Mallory', role: 'facilitator' }))).toBe('UNAUTHORIZED');
    expect(await codeOf(() => core.handlers['profiles.create']({ displayName: 'Mallory', role: 'trainer' }))).toBe('UNAUTHORIZED');
    // Trainees may still add trainees.
    expect((await core.handlers['profiles.create']({ displayName: 'Bob', role: 'trainee' })).role).toBe('trainee');

    await switchTo(fran, FACILITATOR_PIN);
    expect((await core.handlers['profiles.create']({ displayName: 'Tess', role: 'trainer' })).role).toBe('trainer');
    expect((await core.handlers['profiles.list'](undefined)).map((profile) => profile.displayName)).toEqual(['Bob', 'Fran', 'Tess', 'Trainee']);
  });

  it('changing roles needs a facilitator, and the last facilitator cannot demote themself', async () => {
    const { bob, fran } = await cohort();
    expect(await codeOf(() => core.handlers['profiles.setRole']({ profileId: bob.id, role: 'facilitator' }))).toBe('UNAUTHORIZED');
    const alice = await core.handlers['profiles.current'](undefined);
    expect(await codeOf(() => core.handlers['profiles.setRole']({ profileId: alice.id, role: 'trainer' }))).toBe('UNAUTHORIZED');

    await switchTo(fran, FACILITATOR_PIN);
    expect(await codeOf(() => core.handlers['profiles.setRole']({ profileId: fran.id, role: 'trainee' }))).toBe('CONFLICT');
    expect((await core.handlers['profiles.current'](undefined)).role).toBe('facilitator');

    expect(await core.handlers['profiles.setRole']({ profileId: bob.id, role: 'trainer' })).toMatchObject({ id: bob.id, role: 'trainer' });
    // With another one around, Fran can step down; from then on she is refused like any trainee.
    expect(await core.handlers['profiles.setRole']({ profileId: fran.id, role: 'trainee' })).toMatchObject({ role: 'trainee', hasPin: false });
    expect(await codeOf(() => core.handlers['profiles.setRole']({ profileId: bob.id, role: 'trainee' }))).toBe('UNAUTHORIZED');
  });

  it("a trainee can rename, re-PIN or delete only their own profile; a facilitator anyone's", async () => {
    const { alice, bob, fran, bobSession, aliceSession } = await cohort();
    expect(await codeOf(() => core.handlers['profiles.deleteData']({ profileId: bob.id, removeProfile: false }))).toBe('UNAUTHORIZED');
    expect(await codeOf(() => core.handlers['profiles.deleteData']({ profileId: bob.id, removeProfile: true }))).toBe('UNAUTHORIZED');
    expect(await codeOf(() => core.handlers['profiles.rename']({ profileId: bob.id, displayName: 'Bobby' }))).toBe('UNAUTHORIZED');
    expect(await codeOf(() => core.handlers['profiles.setPin']({ profileId: fran.id, pin: null }))).toBe('UNAUTHORIZED');
    expect(await core.database.db.selectFrom('sessions').select('id').where('id', '=', bobSession).executeTakeFirst()).toBeDefined();

    expect((await core.handlers['profiles.rename']({ profileId: alice.id, displayName: 'Alice' })).displayName).toBe('Alice');
    const own = await core.handlers['profiles.deleteData']({ profileId: alice.id, removeProfile: false });
    expect(own).toMatchObject({ profileId: alice.id, sessions: 1, profileRemoved: false });
    expect(own.messages).toBeGreaterThan(0);
    expect(await codeOf(() => core.handlers['sessions.get']({ sessionId: aliceSession }))).toBe('NOT_FOUND');

    await switchTo(fran, FACILITATOR_PIN);
    const removed = await core.handlers['profiles.deleteData']({ profileId: bob.id, removeProfile: true });
    expect(removed).toMatchObject({ profileId: bob.id, sessions: 1, profileRemoved: true });
    expect((await core.handlers['profiles.list'](undefined)).map((profile) => profile.displayName)).toEqual(['Alice', 'Fran']);
  });

  it('the last facilitator profile cannot be removed (its data can)', async () => {
    const { fran, alice } = await cohort();
    await switchTo(fran, FACILITATOR_PIN);
    expect(await codeOf(() => core.handlers['profiles.deleteData']({ profileId: fran.id, removeProfile: true }))).toBe('CONFLICT');
    expect((await core.handlers['profiles.deleteData']({ profileId: fran.id, removeProfile: false })).profileRemoved).toBe(false);

    await core.handlers['profiles.setRole']({ profileId: alice.id, role: 'facilitator' });
    expect((await core.handlers['profiles.deleteData']({ profileId: fran.id, removeProfile: true })).profileRemoved).toBe(true);
    // The active profile is gone: the app carries on as the last profile used without a PIN.
    expect((await core.handlers['profiles.current'](undefined)).id).toBe(alice.id);
  });
});

describe('switching with a PIN', () => {
  it('a wrong PIN is refused with the attempts left, and repeated failures lock the profile', async () => {
    const { alice, fran } = await cohort();
    const first = await core.handlers['profiles.switch']({ profileId: fran.id, pin: '1111' });
    expect(first).toEqual({
      ok: false,
      refusal: { reason: 'wrong_pin', failures: 1, attemptsBeforeLock: PIN_THROTTLE.lockAfter - 1, lockedUntil: null, retryAfterMs: 0 },
    });
    // Asking without a PIN is refused too, but is no guess and costs no attempt.
    expect(await core.handlers['profiles.switch']({ profileId: fran.id })).toMatchObject({ ok: false, refusal: { reason: 'wrong_pin', failures: 1 } });
    for (let failure = 2; failure < PIN_THROTTLE.lockAfter; failure++) await core.handlers['profiles.switch']({ profileId: fran.id, pin: '0000' });
    const locking = await core.handlers['profiles.switch']({ profileId: fran.id, pin: '0000' });
    expect(locking).toMatchObject({ ok: false, refusal: { reason: 'wrong_pin', attemptsBeforeLock: 0 } });
    if (locking.ok) throw new Error('unreachable');
    expect(locking.refusal.lockedUntil).not.toBeNull();
    expect(locking.refusal.retryAfterMs).toBeGreaterThan(0);

    // Locked: the right PIN does not get in either, and the status says so.
    const locked = await core.handlers['profiles.switch']({ profileId: fran.id, pin: FACILITATOR_PIN });
    expect(locked).toMatchObject({ ok: false, refusal: { reason: 'locked' } });
    const status = await core.handlers['profiles.pinStatus']({ profileId: fran.id });
    expect(status).toMatchObject({ hasPin: true, failures: PIN_THROTTLE.lockAfter });
    expect(status.retryAfterMs).toBeGreaterThan(0);
    expect((await core.handlers['profiles.current'](undefined)).id).toBe(alice.id);

    // Every refusal is on record.
    const refusals = await core.database.db.selectFrom('activity_log').select('details_json').where('user_id', '=', fran.id).where('type', '=', 'error_occurred').execute();
    expect(refusals).toHaveLength(PIN_THROTTLE.lockAfter + 2);
  });
});

describe('settings by role', () => {
  it('anyone sets the theme; retention and safety-language settings need a facilitator once one exists', async () => {
    // A laptop with only trainees: nobody else could ever change them, so the trainee may.
    expect(await codeOf(() => core.handlers['settings.set']({ retentionAbandonedDays: 30 }))).toBe('ok');

    const { fran } = await cohort();
    expect(await codeOf(() => core.handlers['settings.set']({ theme: 'dark' }))).toBe('ok');
    for (const patch of [{ retentionAbandonedDays: 0 }, { retentionPruneAtStartup: true }, { riskPhrases: [] }, { theme: 'light' as const, riskResources: [] }]) {
      expect(await codeOf(() => core.handlers['settings.set'](patch))).toBe('UNAUTHORIZED');
    }
    const settings = await core.handlers['settings.get'](undefined);
    expect(settings).toMatchObject({ theme: 'dark', retentionAbandonedDays: 30, retentionPruneAtStartup: false });
    expect(settings.riskPhrases.length).toBeGreaterThan(0);

    await switchTo(fran, FACILITATOR_PIN);
    expect(await codeOf(() => core.handlers['settings.set']({ riskPhrases: ['no point anymore'] }))).toBe('ok');
    expect((await core.handlers['settings.get'](undefined)).riskPhrases).toEqual(['no point anymore']);
  });
});
