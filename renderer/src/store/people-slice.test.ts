import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { PinRefusal, Profile } from '../../../shared/people/types';
import { scripted } from './testing/scripted-ipc';

const { calls } = scripted;

vi.mock('../ipc/client', () => import('./testing/scripted-ipc').then((m) => m.clientModule));

const { useAppStore } = await import('./index');
const { IpcError } = await import('../ipc/client');
const { describeDeletion } = await import('./people-slice');

const profile = (id: string, displayName: string, role: Profile['role'], hasPin = false): Profile => ({
  id,
  displayName,
  role,
  hasPin,
  createdAt: '2026-03-02T09:00:00.000Z',
  updatedAt: '2026-03-02T09:00:00.000Z',
});

const trainee = profile('11111111-1111-4111-8111-111111111111', 'Trainee', 'trainee');
const bob = profile('22222222-2222-4222-8222-222222222222', 'Bob', 'trainee');
const fran = profile('33333333-3333-4333-8333-333333333333', 'Fran', 'facilitator', true);
const wrongPin: PinRefusal = { reason: 'wrong_pin', failures: 1, attemptsBeforeLock: 4, lockedUntil: null, retryAfterMs: 0 };

const initialState = useAppStore.getState();
const channels = () => calls.map((call) => call.channel);

/** Answers the read-only channels every test needs; `overrides` win. */
function answer(overrides: Record<string, (input: unknown) => unknown> = {}) {
  scripted.handler = async (channel, input) => {
    if (overrides[channel]) return overrides[channel](input);
    switch (channel) {
      case 'profiles.current':
        return trainee;
      case 'profiles.list':
        return [bob, fran, trainee];
      case 'sessions.resumable':
      case 'scenarios.list':
        return [];
      case 'profiles.pinStatus':
        return { hasPin: true, failures: 0, lockedUntil: null, retryAfterMs: 0 };
      default:
        throw new Error(`unexpected call ${channel}`);
    }
  };
}

/** Lets the fire-and-forget reloads after a switch settle. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

beforeEach(async () => {
  calls.length = 0;
  useAppStore.setState(initialState, true);
  answer();
  await useAppStore.getState().loadCurrentProfile();
  await useAppStore.getState().loadProfiles();
  calls.length = 0;
});

describe('people slice', () => {
  it('loads who is using the app and every profile', () => {
    const state = useAppStore.getState();
    expect(state.currentProfile).toEqual(trainee);
    expect(state.currentProfileStatus).toBe('ready');
    expect(state.profiles.map((p) => p.displayName)).toEqual(['Bob', 'Fran', 'Trainee']);
  });

  it('switches to a profile without a PIN, goes to the library and re-reads per-person data', async () => {
    answer({ 'profiles.switch': () => ({ ok: true, profile: bob }) });
    useAppStore.getState().goToArea('people');
    expect(await useAppStore.getState().requestSwitch(bob.id)).toBe(true);
    await settle();
    const state = useAppStore.getState();
    expect(calls[0]).toEqual({ channel: 'profiles.switch', input: { profileId: bob.id } });
    expect(state.currentProfile).toEqual(bob);
    expect(state.screen).toEqual({ name: 'library' });
    expect(channels()).toEqual(expect.arrayContaining(['sessions.resumable', 'scenarios.list', 'profiles.list']));
    expect(state.pinPrompt).toBeNull();
  });

  it('asks for the PIN of a protected profile before switching; a wrong PIN keeps the prompt with the refusal', async () => {
    let nextSwitch: unknown = { ok: false, refusal: wrongPin };
    answer({ 'profiles.switch': () => nextSwitch });
    expect(await useAppStore.getState().requestSwitch(fran.id)).toBe(false);
    expect(channels()).toEqual(['profiles.pinStatus']);
    expect(useAppStore.getState().pinPrompt).toMatchObject({ profile: fran, status: 'idle', refusal: null });

    expect(await useAppStore.getState().submitPin('1111')).toBe(false);
    expect(calls.at(-1)).toEqual({ channel: 'profiles.switch', input: { profileId: fran.id, pin: '1111' } });
    const prompt = useAppStore.getState().pinPrompt;
    expect(prompt).toMatchObject({ status: 'idle', refusal: wrongPin, error: null });
    expect(prompt!.refusalAt).toBeGreaterThan(0);
    expect(useAppStore.getState().currentProfile).toEqual(trainee);

    nextSwitch = { ok: true, profile: fran };
    expect(await useAppStore.getState().submitPin('2468')).toBe(true);
    expect(useAppStore.getState().pinPrompt).toBeNull();
    expect(useAppStore.getState().currentProfile).toEqual(fran);
  });

  it('shows a lock-out as soon as the prompt opens', async () => {
    answer({ 'profiles.pinStatus': () => ({ hasPin: true, failures: 6, lockedUntil: '2026-03-02T09:01:00.000Z', retryAfterMs: 45_000 }) });
    await useAppStore.getState().requestSwitch(fran.id);
    expect(useAppStore.getState().pinPrompt?.refusal).toEqual({ reason: 'locked', failures: 6, lockedUntil: '2026-03-02T09:01:00.000Z', retryAfterMs: 45_000 });
  });

  it('cannot cancel while a PIN is being checked, and follows main if that PIN was right', async () => {
    let release: (value: unknown) => void = () => undefined;
    answer({ 'profiles.switch': () => new Promise((resolve) => (release = resolve)) });
    await useAppStore.getState().requestSwitch(fran.id);
    const checking = useAppStore.getState().submitPin('2468');
    expect(useAppStore.getState().pinPrompt?.status).toBe('checking');
    useAppStore.getState().cancelPinPrompt();
    expect(useAppStore.getState().pinPrompt).not.toBeNull();
    release({ ok: true, profile: fran });
    expect(await checking).toBe(true);
    expect(useAppStore.getState().currentProfile).toEqual(fran);

    // Without a check running, cancelling closes the prompt and switches nothing.
    answer();
    await useAppStore.getState().requestSwitch(fran.id);
    useAppStore.getState().cancelPinPrompt();
    expect(useAppStore.getState().pinPrompt).toBeNull();
  });

  it('opens the PIN prompt when a profile got a PIN after the list was read', async () => {
    const franWithoutPin = { ...fran, hasPin: false };
    useAppStore.setState({ profiles: [bob, franWithoutPin, trainee] });
    answer({ 'profiles.switch': () => ({ ok: false, refusal: { ...wrongPin, failures: 0, attemptsBeforeLock: 5 } }) });
    expect(await useAppStore.getState().requestSwitch(fran.id)).toBe(false);
    expect(useAppStore.getState().pinPrompt).toMatchObject({ profile: { id: fran.id, hasPin: true }, refusal: null });
    expect(useAppStore.getState().currentProfile).toEqual(trainee);
  });

  it('keeps main’s refusal of a new profile for the form to show', async () => {
    answer({
      'profiles.create': () => {
        throw new IpcError('UNAUTHORIZED', 'This needs a facilitator or trainer profile.');
      },
    });
    expect(await useAppStore.getState().createProfile({ displayName: 'Mallory', role: 'facilitator', pin: '1234' })).toBeNull();
    expect(calls[0]).toEqual({ channel: 'profiles.create', input: { displayName: 'Mallory', role: 'facilitator', pin: '1234' } });
    expect(useAppStore.getState().profileAction).toEqual({
      status: 'error',
      kind: 'create',
      profileId: null,
      error: 'This needs a facilitator or trainer profile.',
      message: null,
    });
  });

  it('adds a profile without sending an empty PIN', async () => {
    const robin = profile('44444444-4444-4444-8444-444444444444', 'Robin', 'trainee');
    answer({ 'profiles.create': () => robin, 'profiles.list': () => [bob, fran, robin, trainee] });
    expect(await useAppStore.getState().createProfile({ displayName: 'Robin', role: 'trainee' })).toEqual(robin);
    expect(calls[0]).toEqual({ channel: 'profiles.create', input: { displayName: 'Robin', role: 'trainee' } });
    expect(useAppStore.getState().profileAction).toMatchObject({ status: 'done', message: 'Added Robin (trainee).' });
    await settle();
    expect(useAppStore.getState().profiles.map((p) => p.displayName)).toEqual(['Bob', 'Fran', 'Robin', 'Trainee']);
  });

  it('follows a change of the active profile’s own role', async () => {
    const promoted = { ...trainee, role: 'trainer' as const };
    answer({ 'profiles.setRole': () => promoted });
    expect(await useAppStore.getState().setProfileRole(trainee.id, 'trainer')).toBe(true);
    expect(useAppStore.getState().currentProfile?.role).toBe('trainer');
    expect(useAppStore.getState().profileAction.message).toBe('Trainee is now a trainer.');
  });

  it('says what deleting data removed, and re-reads the active profile when it was ours', async () => {
    const deletion = { profileId: trainee.id, sessions: 2, messages: 31, goals: 1, reflections: 0, activity: 12, profileRemoved: true };
    answer({ 'profiles.deleteData': () => deletion, 'profiles.current': () => bob, 'profiles.list': () => [bob, fran] });
    const result = await useAppStore.getState().deleteDataOfProfile(trainee.id, true);
    expect(result).toEqual(deletion);
    expect(calls[0]).toEqual({ channel: 'profiles.deleteData', input: { profileId: trainee.id, removeProfile: true } });
    const state = useAppStore.getState();
    expect(state.profileAction.message).toBe('Deleted the profile Trainee with 2 sessions, 31 messages, 1 goal, 0 reflections and 12 activity records.');
    expect(state.lastDeletion).toMatchObject({ displayName: 'Trainee', sessions: 2 });
    expect(state.currentProfile).toEqual(bob);
    expect(state.profiles.map((p) => p.id)).not.toContain(trainee.id);
  });

  it('shares no state or action name with another slice (the store spreads them into one object)', async () => {
    const { createPeopleSlice } = await import('./people-slice');
    const api = useAppStore;
    const ours = Object.keys(createPeopleSlice(api.setState, api.getState, api));
    const files = readdirSync(fileURLToPath(new URL('.', import.meta.url))).filter((file) => file.endsWith('-slice.ts') && file !== 'people-slice.ts');
    expect(files).toEqual(expect.arrayContaining(['data-care-slice.ts', 'training-slice.ts', 'library-slice.ts']));
    const modules: Record<string, Record<string, unknown>> = {};
    for (const file of files) modules[file] = (await import(`./${file.replace(/\.ts$/, '')}`)) as Record<string, unknown>;
    for (const [path, module] of Object.entries(modules)) {
      for (const [name, create] of Object.entries(module)) {
        if (!name.startsWith('create') || typeof create !== 'function') continue;
        const theirs = Object.keys((create as typeof createPeopleSlice)(api.setState, api.getState, api));
        expect(ours.filter((key) => theirs.includes(key)), `${path} ${name}`).toEqual([]);
      }
    }
  });

  it('describes deletions in words', () => {
    expect(describeDeletion({ profileId: bob.id, sessions: 1, messages: 1, goals: 0, reflections: 1, activity: 1, profileRemoved: false })).toBe(
      '1 session, 1 message, 0 goals, 1 reflection and 1 activity record',
    );
  });
});
