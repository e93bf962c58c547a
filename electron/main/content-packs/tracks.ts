import { statSync } from 'node:fs';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import { AppError } from '../../../shared/errors';
import type { ScenarioProblem } from '../../../shared/scenario/types';
import type { ContentRoot } from '../content/library';
import type { Database } from '../db/schema';
import { PACK_MANIFEST_FILE, readPackManifest, type ManifestResult, type PackManifest } from './manifest';
import { contentPackRoots, contentRootsFor } from './store';
import type { Track, TrackScenario } from './types';

/**
 * Where tracks are read from: the content roots (as returned by `contentRootsFor`), or the
 * data folder (plus the bundled content folder) to compute them from.
 */
export type TrackSource = readonly ContentRoot[] | { dataDir: string; bundledContentDir?: string };

/** The pass score a track uses when neither the track nor the scenario gives one (the scenario schema's default). */
const DEFAULT_PASS_SCORE = 70;

export interface TrackManifest {
  packId: string;
  packTitle: string;
  origin: ContentRoot['origin'];
  manifest: PackManifest;
}

interface CachedManifest {
  size: number;
  mtimeMs: number;
  ino: number;
  result: ManifestResult | null;
}

/** Parsed manifests by file, reused while the file's stats are unchanged. */
const manifestCache = new Map<string, CachedManifest>();

async function manifestOf(dir: string): Promise<ManifestResult | null> {
  const file = path.join(dir, PACK_MANIFEST_FILE);
  const stats = statSync(file, { throwIfNoEntry: false });
  if (!stats) {
    manifestCache.delete(file);
    return readPackManifest(dir); // reports a misnamed pack.yml, else null
  }
  const cached = manifestCache.get(file);
  if (cached && cached.size === stats.size && cached.mtimeMs === stats.mtimeMs && cached.ino === stats.ino) return cached.result;
  const result = await readPackManifest(dir);
  manifestCache.set(file, { size: stats.size, mtimeMs: stats.mtimeMs, ino: stats.ino, result });
  return result;
}

function rootsOf(source: TrackSource): readonly ContentRoot[] {
  if (Array.isArray(source)) return source as readonly ContentRoot[];
  const { dataDir, bundledContentDir } = source as { dataDir: string; bundledContentDir?: string };
  return bundledContentDir ? contentRootsFor(bundledContentDir, dataDir) : contentPackRoots(dataDir);
}

/**
 * The pack manifests of every content root that has a pack.yaml: the bundled `content/`
 * folder (pack id from its manifest) and each installed pack (pack id = its folder name).
 * An invalid manifest contributes no tracks; its problems are returned.
 */
export async function loadTrackManifests(source: TrackSource): Promise<{ manifests: TrackManifest[]; problems: ScenarioProblem[] }> {
  const manifests: TrackManifest[] = [];
  const problems: ScenarioProblem[] = [];
  const seen = new Set<string>();
  for (const root of rootsOf(source)) {
    const result = await manifestOf(root.dir);
    if (!result) continue;
    if (result.problems) {
      problems.push(...result.problems);
      continue;
    }
    const packId = root.origin === 'bundled' ? result.manifest.id : path.basename(root.dir);
    if (seen.has(packId)) continue;
    seen.add(packId);
    manifests.push({ packId, packTitle: result.manifest.title, origin: root.origin, manifest: result.manifest });
  }
  return { manifests, problems };
}

function formatScore(score: number): string {
  return Number.isInteger(score) ? String(score) : score.toFixed(1);
}

/** Why a track step is locked: `Pass “Greeting basics” with at least 70 to unlock`. */
export function lockedReason(previousTitle: string, previousPassScore: number): string {
  return `Pass “${previousTitle}” with at least ${formatScore(previousPassScore)} to unlock`;
}

async function computeTracks(db: Kysely<Database>, manifests: readonly TrackManifest[], userId: string): Promise<Track[]> {
  const ids = [...new Set(manifests.flatMap((m) => m.manifest.tracks.flatMap((track) => track.scenarios.map((entry) => entry.scenario))))];
  if (ids.length === 0) return [];

  const scenarios = new Map<string, { title: string; passScore: number | null }>();
  const results = new Map<string, { best: number | null; count: number }>();
  for (let i = 0; i < ids.length; i += 500) {
    const slice = ids.slice(i, i + 500);
    const rows = await db
      .selectFrom('scenarios')
      .select(['id', 'title', sql<number | null>`json_extract(definition_json, '$.completion.pass_score')`.as('pass_score')])
      .where('id', 'in', slice)
      .execute();
    for (const row of rows) scenarios.set(row.id, { title: row.title, passScore: typeof row.pass_score === 'number' ? row.pass_score : null });
    const played = await db
      .selectFrom('sessions')
      .select((eb) => ['scenario_id', eb.fn.max('total_score').as('best'), eb.fn.countAll<number>().as('count')])
      .where('user_id', '=', userId)
      .where('status', '=', 'completed')
      .where('scenario_id', 'in', slice)
      .groupBy('scenario_id')
      .execute();
    for (const row of played) results.set(row.scenario_id, { best: row.best === null ? null : Number(row.best), count: Number(row.count) });
  }

  const tracks: Track[] = [];
  for (const { packId, packTitle, origin, manifest } of manifests) {
    for (const track of manifest.tracks) {
      const steps: TrackScenario[] = [];
      for (const entry of track.scenarios) {
        const scenario = scenarios.get(entry.scenario);
        const played = results.get(entry.scenario);
        const passScore = entry.pass_score ?? scenario?.passScore ?? DEFAULT_PASS_SCORE;
        const bestScore = played?.best ?? null;
        const previous = steps[steps.length - 1];
        const completed = bestScore !== null && bestScore >= passScore;
        const unlocked = !previous || previous.status === 'completed';
        steps.push({
          scenarioId: entry.scenario,
          title: scenario?.title ?? entry.scenario,
          available: scenario !== undefined,
          passScore,
          status: completed ? 'completed' : unlocked ? 'unlocked' : 'locked',
          lockedReason: completed || unlocked ? null : lockedReason(previous!.title, previous!.passScore),
          bestScore,
          completedSessions: played?.count ?? 0,
        });
      }
      tracks.push({
        id: `${packId}/${track.id}`,
        packId,
        packTitle,
        trackId: track.id,
        origin,
        title: track.title,
        description: track.description ?? null,
        scenarios: steps,
        completedCount: steps.filter((step) => step.status === 'completed').length,
      });
    }
  }
  return tracks;
}

/**
 * The tracks of every pack for one user. Per scenario, in the track's order: `completed`
 * when a completed session of this user scored at least the pass score (the track's, else
 * the scenario's completion.pass_score), `unlocked` when it is the first or the previous
 * one is completed, `locked` otherwise (with the reason). Scenarios in no track are never
 * locked.
 */
export async function listTracks(db: Kysely<Database>, source: TrackSource, userId: string): Promise<Track[]> {
  const { manifests } = await loadTrackManifests(source);
  return computeTracks(db, manifests, userId);
}

/**
 * Scenario id → why it is locked, for the scenarios this user cannot start yet. A scenario
 * in several tracks is locked only when it is locked in every one of them (unlocking it in
 * one track is enough to play it).
 */
export async function lockedScenarios(db: Kysely<Database>, source: TrackSource, userId: string, only?: string): Promise<Map<string, { reason: string; track: string }>> {
  let { manifests } = await loadTrackManifests(source);
  if (only !== undefined) manifests = manifests.filter((m) => m.manifest.tracks.some((track) => track.scenarios.some((entry) => entry.scenario === only)));
  const tracks = await computeTracks(db, manifests, userId);
  const locked = new Map<string, { reason: string; track: string }>();
  const open = new Set<string>();
  for (const track of tracks) {
    for (const step of track.scenarios) {
      if (step.status !== 'locked') open.add(step.scenarioId);
      else if (!locked.has(step.scenarioId)) locked.set(step.scenarioId, { reason: step.lockedReason!, track: track.title });
    }
  }
  for (const id of open) locked.delete(id);
  return locked;
}

/**
 * Throws AppError SESSION_STATE when `scenarioId` is locked for this user by a track; for
 * the training service to call before it creates a session. Sessions already created are
 * never blocked (resuming and finishing stay possible).
 */
export async function assertScenarioUnlocked(db: Kysely<Database>, source: TrackSource, userId: string, scenarioId: string): Promise<void> {
  const locked = (await lockedScenarios(db, source, userId, scenarioId)).get(scenarioId);
  if (!locked) return;
  const title = (await db.selectFrom('scenarios').select('title').where('id', '=', scenarioId).executeTakeFirst())?.title ?? scenarioId;
  throw new AppError('SESSION_STATE', `“${title}” is locked in the track “${locked.track}”. ${locked.reason} it.`);
}
