import { statSync } from 'node:fs';
import type { Kysely } from 'kysely';
import type { ContentReloadResult, ScenarioProblem } from '../../../shared/scenario/types';
import type { Database } from '../db/schema';
import { mapWithLimit } from './concurrency';
import { duplicateIdProblem, findScenarioFolders, type ScenarioCandidate } from './discovery';
import { byPosition } from './problems';
import { checksumFromCache, loadScenario, type FileFingerprint, type LoadedScenario } from './scenario-folder';

export type ContentOrigin = 'bundled' | 'imported';

export interface ContentRoot {
  /** A content folder holding scenario folders. */
  dir: string;
  origin: ContentOrigin;
}

interface CachedFolder {
  id: string;
  checksum: string;
  origin: ContentOrigin;
  /** Null when a file was modified too recently for its stats to be trusted. */
  fingerprints: FileFingerprint[] | null;
}

/**
 * Stats of the files behind each cached scenario, per database, kept for the life of the
 * process. They let a reload skip reading unchanged folders altogether; without them (a
 * fresh start) unchanged folders are recognised by checksum, still without parsing.
 */
const folderCaches = new WeakMap<Kysely<Database>, Map<string, CachedFolder>>();

/**
 * A file modified less than this long before its stats were taken may be modified again
 * within the same timestamp tick (coarse file systems), so its stats are not trusted.
 */
const RACY_WINDOW_MS = 2000;

type Candidate = ScenarioCandidate & { origin: ContentOrigin };

type Outcome =
  | { kind: 'unchanged'; candidate: Candidate; id: string }
  | { kind: 'loaded'; candidate: Candidate; loaded: LoadedScenario; fingerprints: FileFingerprint[] | null }
  | { kind: 'invalid'; candidate: Candidate; problems: ScenarioProblem[] };

function cacheFor(db: Kysely<Database>): Map<string, CachedFolder> {
  let cache = folderCaches.get(db);
  if (!cache) {
    cache = new Map();
    folderCaches.set(db, cache);
  }
  return cache;
}

function trusted(fingerprints: FileFingerprint[], takenAt: number): FileFingerprint[] | null {
  return fingerprints.every((fp) => takenAt - fp.mtimeMs > RACY_WINDOW_MS) ? fingerprints : null;
}

/** True when every file still has the size, times and inode it had (stat only, no read). */
function unchangedOnDisk(fingerprints: readonly FileFingerprint[]): boolean {
  for (const fp of fingerprints) {
    const stats = statSync(fp.path, { throwIfNoEntry: false });
    if (!stats || stats.size !== fp.size || stats.mtimeMs !== fp.mtimeMs || stats.ctimeMs !== fp.ctimeMs || stats.ino !== fp.ino) {
      return false;
    }
  }
  return true;
}

/**
 * Brings the `scenarios`, `documents` and `document_chunks` tables in line with the
 * scenario folders under `roots` (in order: on duplicate ids the first folder wins).
 * Unchanged folders are recognised by file stats or by checksum and are not parsed;
 * new or changed ones are loaded and stored, each in its own transaction; scenarios whose
 * folder vanished or no longer loads are deleted (documents and chunks go with them).
 */
export function syncContent(db: Kysely<Database>, roots: readonly ContentRoot[]): Promise<ContentReloadResult> {
  // Reloads of one database run one after another, never interleaved.
  const previous = running.get(db) ?? Promise.resolve();
  const next = previous.catch(() => undefined).then(() => syncNow(db, roots));
  running.set(db, next);
  return next;
}

const running = new WeakMap<Kysely<Database>, Promise<unknown>>();

async function syncNow(db: Kysely<Database>, roots: readonly ContentRoot[]): Promise<ContentReloadResult> {
  const cache = cacheFor(db);
  const problems: ScenarioProblem[] = [];

  const candidates: Candidate[] = [];
  for (const root of roots) {
    const discovery = await findScenarioFolders(root.dir, { missingOk: true });
    problems.push(...discovery.problems);
    for (const candidate of discovery.candidates) candidates.push({ ...candidate, origin: root.origin });
  }

  const rows = await db.selectFrom('scenarios').select(['id', 'source_path', 'checksum', 'origin']).execute();
  const rowByPath = new Map(rows.map((row) => [row.source_path, row]));

  let documentPaths: Promise<Map<string, string[]>> | null = null;
  const documentPathsOf = async (scenarioId: string): Promise<string[]> => {
    documentPaths ??= db
      .selectFrom('documents')
      .select(['scenario_id', 'path'])
      .orderBy('id')
      .execute()
      .then((list) => {
        const byScenario = new Map<string, string[]>();
        for (const { scenario_id, path } of list) {
          const paths = byScenario.get(scenario_id) ?? [];
          paths.push(path);
          byScenario.set(scenario_id, paths);
        }
        return byScenario;
      });
    return (await documentPaths).get(scenarioId) ?? [];
  };

  const classify = async (candidate: Candidate): Promise<Outcome> => {
    const row = rowByPath.get(candidate.dir);
    if (row && row.origin === candidate.origin) {
      const cached = cache.get(candidate.dir);
      if (cached && cached.fingerprints && cached.id === row.id && cached.checksum === row.checksum && unchangedOnDisk(cached.fingerprints)) {
        return { kind: 'unchanged', candidate, id: row.id };
      }
      const takenAt = Date.now();
      const quick = checksumFromCache(candidate.file, await documentPathsOf(row.id));
      if (quick && quick.checksum === row.checksum) {
        cache.set(candidate.dir, { id: row.id, checksum: row.checksum, origin: row.origin, fingerprints: trusted(quick.fingerprints, takenAt) });
        return { kind: 'unchanged', candidate, id: row.id };
      }
    }
    const takenAt = Date.now();
    const result = await loadScenario(candidate.file);
    if (result.problems) return { kind: 'invalid', candidate, problems: result.problems };
    return { kind: 'loaded', candidate, loaded: result.loaded, fingerprints: trusted(result.loaded.fingerprints, takenAt) };
  };

  const outcomes = await mapWithLimit(candidates, 8, classify);

  // First folder declaring an id wins; later ones are reported.
  const owners = new Map<string, Candidate>();
  const winners: Outcome[] = [];
  for (const outcome of outcomes) {
    if (outcome.kind === 'invalid') {
      problems.push(...outcome.problems);
      continue;
    }
    const id = outcome.kind === 'loaded' ? outcome.loaded.scenario.id : outcome.id;
    const first = owners.get(id);
    if (first) {
      const yaml = outcome.kind === 'loaded' ? outcome.loaded.yaml : undefined;
      problems.push(await duplicateIdProblem(outcome.candidate.file, id, first.file, yaml));
      continue;
    }
    owners.set(id, outcome.candidate);
    winners.push(outcome);
  }

  const stale = rows.filter((row) => !owners.has(row.id)).map((row) => row.id);
  if (stale.length > 0) {
    await db.transaction().execute(async (trx) => {
      for (let i = 0; i < stale.length; i += 500) {
        await trx.deleteFrom('scenarios').where('id', 'in', stale.slice(i, i + 500)).execute();
      }
    });
  }

  let loaded = 0;
  let unchanged = 0;
  for (const outcome of winners) {
    if (outcome.kind === 'unchanged') {
      unchanged++;
      continue;
    }
    if (outcome.kind !== 'loaded') continue;
    await storeScenario(db, outcome.loaded, outcome.candidate.origin);
    cache.set(outcome.candidate.dir, {
      id: outcome.loaded.scenario.id,
      checksum: outcome.loaded.checksum,
      origin: outcome.candidate.origin,
      fingerprints: outcome.fingerprints,
    });
    loaded++;
  }

  const kept = new Set([...owners.values()].map((candidate) => candidate.dir));
  for (const dir of [...cache.keys()]) if (!kept.has(dir)) cache.delete(dir);

  return { loaded, unchanged, removed: stale.length, problems: problems.sort(byPosition) };
}

/** Writes one loaded scenario with its documents and chunks, replacing what was stored. */
async function storeScenario(db: Kysely<Database>, loaded: LoadedScenario, origin: ContentOrigin): Promise<void> {
  const { scenario } = loaded;
  const row = {
    title: scenario.title,
    description: scenario.description,
    domain: scenario.domain,
    version: scenario.version,
    difficulty: scenario.difficulty,
    duration_minutes: scenario.duration_minutes ?? null,
    tags_json: JSON.stringify(scenario.tags),
    variant: scenario.variant,
    definition_json: JSON.stringify(scenario),
    origin,
    source_path: loaded.dir,
    checksum: loaded.checksum,
    loaded_at: new Date().toISOString(),
  };
  await db.transaction().execute(async (trx) => {
    // The folder used to declare another id: that scenario is replaced by this one.
    await trx.deleteFrom('scenarios').where('source_path', '=', loaded.dir).where('id', '!=', scenario.id).execute();
    await trx.deleteFrom('documents').where('scenario_id', '=', scenario.id).execute();
    await trx
      .insertInto('scenarios')
      .values({ id: scenario.id, ...row })
      .onConflict((conflict) => conflict.column('id').doUpdateSet(row))
      .execute();
    for (const document of loaded.documents) {
      const { id: documentId } = await trx
        .insertInto('documents')
        .values({
          scenario_id: scenario.id,
          path: document.path,
          title: document.title,
          format: document.format,
          content: document.content,
          checksum: document.checksum,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const chunks = document.chunks.map((chunk, ordinal) => ({
        document_id: documentId,
        ordinal,
        heading: chunk.heading,
        content: chunk.content,
      }));
      for (let i = 0; i < chunks.length; i += 200) {
        await trx.insertInto('document_chunks').values(chunks.slice(i, i + 200)).execute();
      }
    }
  });
}
