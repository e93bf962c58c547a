import { readdirSync, statSync } from 'node:fs';
import { lstat, mkdir, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../../../shared/errors';
import { readFileBounded } from '../content/bounded-read';
import { findScenarioFolders } from '../content/discovery';
import type { ContentRoot } from '../content/library';
import { contentLimits } from '../content/limits';
import { parseYamlSafely } from '../content/safe-yaml';
import { SCENARIO_FILE_NAME } from '../content/scenario-folder';
import { importedContentDir } from '../paths';
import { withPackLock } from './lock';
import { readPackManifest } from './manifest';
import type { ContentPackInfo } from './types';

/** The import record written into every installed pack (hidden, so the loader skips it). */
export const PACK_RECORD_FILE = '.chattrain-pack.json';
const STAGING = '.staging';

export function contentPacksDir(dataDir: string): string {
  return importedContentDir(dataDir);
}

/** Where imports are unpacked and checked before being moved into place (same disk, so the move is atomic). */
export function stagingDir(dataDir: string): string {
  return path.join(contentPacksDir(dataDir), STAGING);
}

export const packRecordSchema = z.object({
  format: z.literal('chattrain-pack/1'),
  id: z.string(),
  title: z.string(),
  description: z.string().nullable(),
  version: z.string().nullable(),
  origin: z.object({ kind: z.enum(['zip', 'folder']), name: z.string(), path: z.string() }),
  importedAt: z.string(),
  scenarioIds: z.array(z.string()),
  trackIds: z.array(z.string()),
  files: z.number(),
  bytes: z.number(),
});

export type PackRecord = z.infer<typeof packRecordSchema>;

export async function readPackRecord(packDir: string): Promise<PackRecord | null> {
  const read = await readFileBounded(path.join(packDir, PACK_RECORD_FILE), 1024 * 1024);
  if (!read.ok) return null;
  try {
    const parsed = packRecordSchema.safeParse(JSON.parse(read.bytes.toString('utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function isDirectorySync(target: string): boolean {
  try {
    return statSync(target).isDirectory();
  } catch {
    return false;
  }
}

/**
 * The installed pack folders, in name order: sub-folders of `<data dir>/content-packs/`
 * that are not hidden and are not themselves a scenario folder (a scenario folder placed
 * there by hand, without a pack around it, is loaded through the content-packs root).
 */
export function packFolders(dataDir: string): { id: string; dir: string }[] {
  const root = contentPacksDir(dataDir);
  let names: string[];
  try {
    names = readdirSync(root, { withFileTypes: true })
      .filter((entry) => !entry.name.startsWith('.') && (entry.isDirectory() || entry.isSymbolicLink()))
      .map((entry) => entry.name);
  } catch {
    return [];
  }
  return names
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((id) => ({ id, dir: path.join(root, id) }))
    .filter(({ dir }) => isDirectorySync(dir) && !statSync(path.join(dir, SCENARIO_FILE_NAME), { throwIfNoEntry: false }));
}

/**
 * The roots the scenario loader reads imported content from: `content-packs/` itself
 * (scenario folders placed there loose, as before packs existed) and then every pack
 * folder. Synchronous so that `CoreServices.contentRoots()` can call it on every reload.
 */
export function contentPackRoots(dataDir: string): ContentRoot[] {
  return [
    { dir: contentPacksDir(dataDir), origin: 'imported' },
    ...packFolders(dataDir).map(({ dir }): ContentRoot => ({ dir, origin: 'imported' })),
  ];
}

/** Every content root: the bundled folder first (it wins on duplicate ids), then the imported packs. */
export function contentRootsFor(bundledContentDir: string, dataDir: string): ContentRoot[] {
  return [{ dir: bundledContentDir, origin: 'bundled' }, ...contentPackRoots(dataDir)];
}

/** Reads the `id:` of every scenario file under a content root, without validating the rest. */
export async function scenarioIdsIn(root: string): Promise<{ id: string; file: string }[]> {
  const { candidates } = await findScenarioFolders(root, { missingOk: true });
  const found: { id: string; file: string }[] = [];
  for (const candidate of candidates) {
    const read = await readFileBounded(candidate.file, contentLimits.maxYamlBytes);
    if (!read.ok) continue;
    const parsed = parseYamlSafely(read.bytes);
    if (!parsed.ok) continue;
    const value = parsed.yaml.value as { id?: unknown } | null;
    if (value && typeof value === 'object' && typeof value.id === 'string') found.push({ id: value.id, file: candidate.file });
  }
  return found;
}

export async function folderStats(dir: string): Promise<{ files: number; bytes: number }> {
  let files = 0;
  let bytes = 0;
  const pending = [dir];
  while (pending.length > 0) {
    const current = pending.pop()!;
    let entries;
    try {
      entries = await readdir(current, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      if (entry.name === PACK_RECORD_FILE) continue;
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) pending.push(full);
      else if (entry.isFile()) {
        files++;
        bytes += (await lstat(full)).size;
      }
    }
  }
  return { files, bytes };
}

/** What is known about one installed pack: its import record, else what its files say. */
export async function describePack(id: string, dir: string): Promise<ContentPackInfo> {
  const record = await readPackRecord(dir);
  if (record) {
    return {
      id,
      title: record.title,
      description: record.description,
      version: record.version,
      origin: record.origin,
      importedAt: record.importedAt,
      scenarioIds: record.scenarioIds,
      trackIds: record.trackIds,
      files: record.files,
      bytes: record.bytes,
    };
  }
  const manifest = await readPackManifest(dir);
  const valid = manifest?.manifest;
  const stats = await folderStats(dir);
  return {
    id,
    title: valid?.title ?? id,
    description: valid?.description ?? null,
    version: valid?.version ?? null,
    origin: null,
    importedAt: null,
    scenarioIds: (await scenarioIdsIn(dir)).map((entry) => entry.id),
    trackIds: valid?.tracks.map((track) => track.id) ?? [],
    ...stats,
  };
}

/** The installed packs, in id order, each with where it came from. */
export async function listContentPacks(dataDir: string): Promise<ContentPackInfo[]> {
  const packs: ContentPackInfo[] = [];
  for (const { id, dir } of packFolders(dataDir)) packs.push(await describePack(id, dir));
  return packs;
}

/**
 * Refuses anything that is not a plain folder name inside content-packs (ids of packs
 * placed there by hand need not follow the import pattern, but can never traverse).
 */
export function checkPackId(packId: string): void {
  if (!packId || packId.length > 255 || packId.startsWith('.') || /[/\\\u0000]/.test(packId) || /^[A-Za-z]:/.test(packId)) {
    throw new AppError('BAD_INPUT', `"${packId}" is not a content pack id.`);
  }
}

/**
 * Removes an installed pack folder: it is first moved aside (one atomic rename, so the
 * loader never sees half a pack) and then deleted. The caller reloads the content; sessions
 * played from the pack's scenarios are kept (they hold their own copy of the definition).
 */
export function removeContentPack(dataDir: string, packId: string): Promise<ContentPackInfo> {
  return withPackLock(dataDir, async () => {
    checkPackId(packId);
    const dir = path.join(contentPacksDir(dataDir), packId);
    const stats = await lstat(dir).catch(() => null);
    if (!stats || !stats.isDirectory() || statSync(path.join(dir, SCENARIO_FILE_NAME), { throwIfNoEntry: false })) {
      throw new AppError('NOT_FOUND', `There is no installed content pack with the id "${packId}".`);
    }
    const info = await describePack(packId, dir);
    const trash = path.join(stagingDir(dataDir), `removed-${packId}-${randomUUID()}`);
    try {
      await mkdir(stagingDir(dataDir), { recursive: true });
      await rename(dir, trash);
    } catch (error) {
      throw fsError(error, `remove the pack "${packId}"`);
    }
    await rm(trash, { recursive: true, force: true, maxRetries: 3 }).catch(() => undefined);
    return info;
  });
}

/** An AppError a person understands for a failed file operation inside the data folder. */
export function fsError(error: unknown, what: string): AppError {
  const code = (error as { code?: string }).code;
  if (code === 'ENOSPC') return new AppError('DISK_FULL', `The disk is full, so ChatTrain could not ${what}. Free some space and try again.`, { cause: error });
  if (code === 'EACCES' || code === 'EPERM' || code === 'EBUSY') {
    return new AppError('IO_ERROR', `ChatTrain could not ${what}: a file is in use or not writable (${code}). Close other programs using it and try again.`, { cause: error });
  }
  return new AppError('IO_ERROR', `ChatTrain could not ${what} (${code ?? (error as Error)?.message ?? String(error)}).`, { cause: error });
}
