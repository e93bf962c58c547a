import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { syncContent } from '../content/library';
import type { AppDatabase } from '../db/open-database';
import { TrainingService } from '../training/training-service';
import { findOrCreateUser } from '../training/users';
import { openTestDatabase } from '../content/testing/fixtures';
import { importContentPack } from './import-pack';
import { removeContentPack, contentRootsFor } from './store';
import { assertScenarioUnlocked, listTracks, lockedScenarios } from './tracks';
import { minimalScenarioYaml, packYaml, tempDir, writeFiles } from './testing/fixtures';

let root: string;
let cleanup: () => void;
let dataDir: string;
let bundled: string;
let app: AppDatabase;
let training: TrainingService;
let ana: string;
let ben: string;
let clock: Date;

const source = () => ({ dataDir, bundledContentDir: bundled });
const sync = () => syncContent(app.db, contentRootsFor(bundled, dataDir));

beforeEach(async () => {
  ({ dir: root, cleanup } = tempDir('chattrain-tracks-'));
  dataDir = path.join(root, 'data');
  bundled = path.join(root, 'bundled');
  writeFiles(bundled, {
    'pack.yaml': packYaml('starter', { title: 'Starter', track: ['bundled.intro', 'bundled.next'] }),
    'intro/scenario.yaml': minimalScenarioYaml('bundled.intro', { title: 'Intro' }),
    'next/scenario.yaml': minimalScenarioYaml('bundled.next', { title: 'Next' }),
    'free/scenario.yaml': minimalScenarioYaml('bundled.free', { title: 'Free play' }),
  });
  const pack = path.join(root, 'course');
  writeFiles(pack, {
    // B completes at 50 in this track (its own pass score is 70); C uses its own 70.
    'pack.yaml': packYaml('course', { title: 'Course', track: ['course.a', ['course.b', 50], 'course.c'] }),
    'a/scenario.yaml': minimalScenarioYaml('course.a', { title: 'Greeting basics' }),
    'b/scenario.yaml': minimalScenarioYaml('course.b', { title: 'Details' }),
    'c/scenario.yaml': minimalScenarioYaml('course.c', { title: 'Closing' }),
  });
  app = await openTestDatabase(root);
  expect((await importContentPack(dataDir, pack, { bundledContentDir: bundled })).ok).toBe(true);
  expect((await sync()).problems).toEqual([]);
  clock = new Date('2026-06-01T09:00:00.000Z');
  training = new TrainingService(app.db, () => clock);
  ana = (await findOrCreateUser(app.db, 'Ana')).id;
  ben = (await findOrCreateUser(app.db, 'Ben')).id;
});
afterEach(async () => {
  await app.close();
  cleanup();
});

/** Plays a two-step scenario to the end: each answer passes a step ("policy") or misses it (three attempts). */
async function play(userId: string, scenarioId: string, steps: ('pass' | 'miss')[]): Promise<number | null> {
  const created = await training.create(scenarioId, userId);
  await training.start(created.session.id);
  let view = created;
  for (const step of steps) {
    const attempts = step === 'pass' ? ['The policy number, please.'] : ['Hmm.', 'Hmm.', 'Hmm.'];
    for (const answer of attempts) {
      clock = new Date(clock.getTime() + 30_000);
      view = await training.answer(created.session.id, answer);
    }
  }
  return view.session.totalScore;
}

function statuses(tracks: Awaited<ReturnType<typeof listTracks>>, id: string) {
  return tracks.find((track) => track.id === id)!.scenarios.map((s) => [s.scenarioId, s.status, s.bestScore, s.lockedReason]);
}

describe('tracks', () => {
  it('unlocks each scenario when the previous one is completed at or above its pass score', async () => {
    let tracks = await listTracks(app.db, source(), ana);
    expect(tracks.map((t) => [t.id, t.title, t.origin, t.packTitle])).toEqual([
      ['starter/basics', 'Basics', 'bundled', 'Starter'],
      ['course/basics', 'Basics', 'imported', 'Course'],
    ]);
    expect(statuses(tracks, 'course/basics')).toEqual([
      ['course.a', 'unlocked', null, null],
      ['course.b', 'locked', null, 'Pass “Greeting basics” with at least 70 to unlock'],
      ['course.c', 'locked', null, 'Pass “Details” with at least 50 to unlock'],
    ]);
    expect(tracks[1]!.scenarios.map((s) => s.passScore)).toEqual([70, 50, 70]);

    await expect(assertScenarioUnlocked(app.db, source(), ana, 'course.b')).rejects.toMatchObject({
      code: 'SESSION_STATE',
      message: '“Details” is locked in the track “Basics”. Pass “Greeting basics” with at least 70 to unlock it.',
    });
    await expect(assertScenarioUnlocked(app.db, source(), ana, 'bundled.free')).resolves.toBeUndefined();
    await expect(assertScenarioUnlocked(app.db, source(), ana, 'course.a')).resolves.toBeUndefined();

    // 50 is below A's 70: B stays locked.
    expect(await play(ana, 'course.a', ['pass', 'miss'])).toBe(50);
    tracks = await listTracks(app.db, source(), ana);
    expect(statuses(tracks, 'course/basics')[1]).toEqual(['course.b', 'locked', null, 'Pass “Greeting basics” with at least 70 to unlock']);
    expect(tracks[1]!.scenarios[0]).toMatchObject({ status: 'unlocked', bestScore: 50, completedSessions: 1 });

    expect(await play(ana, 'course.a', ['pass', 'pass'])).toBe(100);
    // 50 completes B in this track even though B's own pass score is 70.
    await assertScenarioUnlocked(app.db, source(), ana, 'course.b');
    expect(await play(ana, 'course.b', ['miss', 'pass'])).toBe(50);
    tracks = await listTracks(app.db, source(), ana);
    expect(statuses(tracks, 'course/basics')).toEqual([
      ['course.a', 'completed', 100, null],
      ['course.b', 'completed', 50, null],
      ['course.c', 'unlocked', null, null],
    ]);
    expect(tracks[1]!.completedCount).toBe(2);

    // Progress is per user.
    expect(statuses(await listTracks(app.db, source(), ben), 'course/basics').map((s) => s[1])).toEqual(['unlocked', 'locked', 'locked']);
    expect([...(await lockedScenarios(app.db, source(), ben)).keys()].sort()).toEqual(['bundled.next', 'course.b', 'course.c']);
  });

  it('counts only completed sessions: an abandoned one with a good running score unlocks nothing', async () => {
    const created = await training.create('bundled.intro', ana);
    await training.start(created.session.id);
    await training.answer(created.session.id, 'The policy number, please.');
    await training.abandon(created.session.id);
    expect(statuses(await listTracks(app.db, source(), ana), 'starter/basics').map((s) => s[1])).toEqual(['unlocked', 'locked']);
  });

  it('keeps tracks listed after their pack is removed, with the scenarios marked unavailable', async () => {
    expect(await play(ana, 'course.a', ['pass', 'pass'])).toBe(100);
    await removeContentPack(dataDir, 'course');
    await sync();
    const tracks = await listTracks(app.db, source(), ana);
    expect(tracks.map((t) => t.id)).toEqual(['starter/basics']);

    // A bundled manifest naming a scenario that is not loaded: shown by id, unavailable.
    writeFiles(bundled, { 'pack.yaml': packYaml('starter', { title: 'Starter', track: ['bundled.intro', 'bundled.gone'] }) });
    const [starter] = await listTracks(app.db, source(), ana);
    expect(starter!.scenarios[1]).toMatchObject({ scenarioId: 'bundled.gone', title: 'bundled.gone', available: false, status: 'locked', passScore: 70 });
  });

  it('ignores an invalid manifest (no tracks from it) and accepts the core content roots as the source', async () => {
    writeFiles(bundled, { 'pack.yaml': 'id: starter\ntitle: Starter\ntracks: nope\n' });
    const tracks = await listTracks(app.db, contentRootsFor(bundled, dataDir), ana);
    expect(tracks.map((t) => t.id)).toEqual(['course/basics']);
  });
});
