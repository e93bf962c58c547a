import { randomUUID } from 'node:crypto';
import { realpathSync, statSync, type Dirent } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ScenarioProblem } from '../../../shared/scenario/types';
import { readFileBounded } from '../content/bounded-read';
import { validateContent } from '../content/discovery';
import { isInside } from '../content/documents';
import { formatBytes } from '../content/limits';
import { locatePath } from '../content/locate';
import { byPosition, problem } from '../content/problems';
import { parseScenarioFile } from '../content/scenario-file';
import { SCENARIO_FILE_NAME } from '../content/scenario-folder';
import { copyFolderFiles, scanFolder } from './folder-source';
import { packLimits, type PackLimits } from './limits';
import { withPackLock } from './lock';
import { PACK_MANIFEST_FILE, readPackManifest, unknownTrackScenarios, type PackManifest } from './manifest';
import { isIgnoredName, packIdFromName } from './names';
import {
  contentPacksDir,
  describePack,
  folderStats,
  fsError,
  packFolders,
  PACK_RECORD_FILE,
  readPackRecord,
  scenarioIdsIn,
  stagingDir,
  type PackRecord,
} from './store';
import type { ImportPackResult, PackProblem, PackSourceKind } from './types';
import { inflateEntry, readZipDirectory, type ZipProblem } from './zip-reader';

export interface ImportPackOptions {
  /** The clock recorded as imported_at (tests pass a fixed one). */
  now?: () => Date;
  /**
   * The bundled `content/` folder, so a pack reusing one of its scenario ids is refused.
   * Without it only the other packs are checked.
   */
  bundledContentDir?: string;
  /** Overrides of the size and count limits (tests use small ones). */
  limits?: Partial<PackLimits>;
}

/** Staging folders older than this are leftovers of a crashed import and are deleted. */
const STALE_STAGING_MS = 60 * 60 * 1000;

/**
 * Imports a content pack from a folder or a .zip file into `<dataDir>/content-packs/<packId>/`.
 *
 * The pack is unpacked (a zip only after its whole central directory passed the checks of
 * readZipDirectory) or copied into a staging folder inside the data folder, normalised
 * (wrapper folders are stepped through; a single scenario folder becomes a pack of one),
 * validated with the scenario loader and its optional pack.yaml, and checked for scenario
 * ids already installed from another pack or the bundled content. Only when nothing is
 * wrong is it moved into place with one rename; a pack with the same id is replaced (a
 * re-import). Otherwise nothing is installed and the located problems are returned, their
 * files relative to the pack as given. The caller reloads the content afterwards.
 */
export function importContentPack(dataDir: string, sourcePath: string, options: ImportPackOptions = {}): Promise<ImportPackResult> {
  return withPackLock(dataDir, () => importNow(dataDir, path.resolve(sourcePath), options));
}

interface Layout {
  /** The pack folder inside the staging folder. */
  packDir: string;
  /** Source path prefix stepped through (`wrapper/`), '' for none. */
  prefix: string;
  /** Set when the source was a single scenario folder: its folder name inside the pack. */
  single: string | null;
}

function refused(name: string, problems: PackProblem[], packId: string | null = null, scenarioIds: string[] = []): ImportPackResult {
  return { ok: false, packId, name, scenarioIds, problems, replaced: false, pack: null };
}

/** Entry names are shown as written, with control characters made visible. */
function printable(name: string): string {
  // eslint-disable-next-line no-control-regex
  return name.replace(/[\u0000-\u001f\u007f]/g, '\ufffd');
}

function fromZipProblems(sourceName: string, problems: readonly ZipProblem[]): PackProblem[] {
  return problems.map((p) => ({ file: p.entry === null ? sourceName : `${sourceName}/${printable(p.entry)}`, line: 1, column: 1, path: '', message: p.message }));
}

async function importNow(dataDir: string, source: string, options: ImportPackOptions): Promise<ImportPackResult> {
  const limits: PackLimits = { ...packLimits, ...options.limits };
  const sourceName = path.basename(source);
  const displayName = sourceName.replace(/\.zip$/i, '');
  const sourceProblem = (message: string) => refused(displayName, [{ file: sourceName, line: 1, column: 1, path: '', message }]);

  const stats = statSync(source, { throwIfNoEntry: false });
  if (!stats) return sourceProblem(`${source} does not exist`);
  let kind: PackSourceKind;
  if (stats.isDirectory()) {
    kind = 'folder';
    const packsDir = contentPacksDir(dataDir);
    if (isInside(safeRealpath(packsDir), safeRealpath(source))) {
      return sourceProblem('this folder is already inside ChatTrain\'s installed content packs; import the original folder or zip instead');
    }
  } else if (stats.isFile()) {
    kind = 'zip';
    if (stats.size > limits.maxArchiveBytes) return sourceProblem(`the archive is ${formatBytes(stats.size)}; the limit is ${formatBytes(limits.maxArchiveBytes)}`);
    if (!(await looksLikeZip(source))) return sourceProblem('this is neither a folder nor a .zip archive');
  } else {
    return sourceProblem('this is neither a folder nor a .zip file');
  }

  const staging = stagingDir(dataDir);
  const work = path.join(staging, `import-${Date.now()}-${randomUUID()}`);
  const raw = path.join(work, 'raw');
  try {
    await mkdir(raw, { recursive: true });
  } catch (error) {
    throw fsError(error, 'prepare the import folder');
  }
  await removeStaleStaging(staging, work);
  try {
    // 1. Unpack or copy into the staging folder.
    const filled = kind === 'zip' ? await unpackZip(source, raw, limits) : await copyFolder(source, raw, limits);
    if (filled) return refused(displayName, fromZipProblems(sourceName, filled));

    // 2. Normalise to <pack>/<scenario folders> (+ pack.yaml).
    const layout = await normalise(raw, work, displayName);
    const toSource = sourceMapper(layout, sourceName);

    // 3. Validate scenarios, the manifest and the tracks' references.
    const report = await validateContent(layout.packDir);
    const problems: ScenarioProblem[] = [...report.problems];
    const manifestResult = await readPackManifest(layout.packDir);
    let manifest: PackManifest | null = null;
    if (manifestResult?.problems) problems.push(...manifestResult.problems);
    else if (manifestResult?.manifest) {
      manifest = manifestResult.manifest;
      // Scenarios that are in the pack but invalid are reported as such, not as unknown here.
      const declared = new Set([...report.scenarios.map((s) => s.id), ...(await scenarioIdsIn(layout.packDir)).map((s) => s.id)]);
      problems.push(...unknownTrackScenarios(manifestResult, declared, 'this pack'));
    }
    const packId = manifest?.id ?? packIdFromName(displayName);
    const name = manifest?.title ?? displayName;
    const scenarioIds = report.scenarios.map((s) => s.id);

    // 4. Scenario ids must not be installed already by the bundled content or another pack.
    const owners = await installedScenarioOwners(dataDir, options.bundledContentDir, packId);
    for (const scenario of report.scenarios) {
      const owner = owners.get(scenario.id);
      if (!owner) continue;
      problems.push(await collisionProblem(scenario.file, scenario.id, owner));
    }

    // A scenario folder placed loose in content-packs under the pack's name is not a pack to replace.
    const destination = path.join(contentPacksDir(dataDir), packId);
    if (statSync(path.join(destination, SCENARIO_FILE_NAME), { throwIfNoEntry: false })) {
      problems.push({
        file: manifestResult?.file ?? layout.packDir,
        line: 1,
        column: 1,
        path: '',
        message: `the data folder's content-packs already holds a scenario folder named "${packId}" (not a pack); remove it, or give this pack another id`,
      });
    }

    if (problems.length > 0) {
      const mapped = problems.map((p) => toPackProblem(p, layout.packDir, toSource)).sort(byPackPosition);
      return refused(name, mapped, packId, scenarioIds);
    }

    // 5. Record where it came from, then move it into place.
    const now = (options.now ?? (() => new Date()))();
    const counted = await folderStats(layout.packDir);
    const record: PackRecord = {
      format: 'chattrain-pack/1',
      id: packId,
      title: name,
      description: manifest?.description ?? null,
      version: manifest?.version ?? null,
      origin: { kind, name: sourceName, path: source },
      importedAt: now.toISOString(),
      scenarioIds,
      trackIds: manifest?.tracks.map((track) => track.id) ?? [],
      ...counted,
    };
    let replaced = false;
    try {
      await writeFile(path.join(layout.packDir, PACK_RECORD_FILE), `${JSON.stringify(record, null, 2)}\n`);
      replaced = await moveIntoPlace(layout.packDir, destination, path.join(work, 'previous'));
    } catch (error) {
      throw fsError(error, `install the pack "${packId}"`);
    }
    return { ok: true, packId, name, scenarioIds, problems: [], replaced, pack: await describePack(packId, destination) };
  } finally {
    await rm(work, { recursive: true, force: true, maxRetries: 3 }).catch(() => undefined);
  }
}

function safeRealpath(target: string): string {
  try {
    return realpathSync.native(target);
  } catch {
    return path.resolve(target);
  }
}

async function looksLikeZip(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const head = Buffer.alloc(4);
    const { bytesRead } = await handle.read(head, 0, 4, 0);
    if (bytesRead < 4) return false;
    const signature = head.readUInt32LE(0);
    return signature === 0x04034b50 || signature === 0x06054b50;
  } finally {
    await handle.close();
  }
}

async function removeStaleStaging(staging: string, keep: string): Promise<void> {
  let entries: Dirent[];
  try {
    entries = await readdir(staging, { withFileTypes: true });
  } catch {
    return;
  }
  const cutoff = Date.now() - STALE_STAGING_MS;
  for (const entry of entries) {
    const full = path.join(staging, entry.name);
    if (full === keep) continue;
    const info = await stat(full).catch(() => null);
    if (info && info.mtimeMs < cutoff) await rm(full, { recursive: true, force: true }).catch(() => undefined);
  }
}

async function unpackZip(source: string, target: string, limits: PackLimits): Promise<ZipProblem[] | null> {
  let bytes: Buffer;
  try {
    bytes = await readFile(source);
  } catch (error) {
    return [{ entry: null, message: `the archive cannot be read (${(error as { code?: string }).code ?? String(error)})` }];
  }
  if (bytes.byteLength > limits.maxArchiveBytes) {
    return [{ entry: null, message: `the archive is ${formatBytes(bytes.byteLength)}; the limit is ${formatBytes(limits.maxArchiveBytes)}` }];
  }
  const directory = readZipDirectory(bytes, limits);
  if (!directory.ok) return directory.problems;
  for (const entry of directory.entries) {
    const inflated = inflateEntry(bytes, entry);
    if (!inflated.ok) return [{ entry: entry.name, message: `refused: ${inflated.message}` }];
    const destination = path.join(target, ...entry.segments);
    // Names were checked segment by segment; this is the last line of defence.
    if (!isInside(target, destination) || destination === target) return [{ entry: entry.name, message: 'refused: the entry would be written outside the pack folder' }];
    try {
      await mkdir(path.dirname(destination), { recursive: true });
      await writeFile(destination, inflated.data, { flag: 'wx' });
    } catch (error) {
      throw fsError(error, 'unpack the archive');
    }
  }
  return null;
}

async function copyFolder(source: string, target: string, limits: PackLimits): Promise<ZipProblem[] | null> {
  const scan = await scanFolder(source, limits);
  if (!scan.ok) return scan.problems;
  try {
    const failed = await copyFolderFiles(scan.files, target, limits);
    return failed ? [failed] : null;
  } catch (error) {
    throw fsError(error, 'copy the pack folder');
  }
}

async function visibleEntries(dir: string): Promise<Dirent[]> {
  return (await readdir(dir, { withFileTypes: true })).filter((entry) => !isIgnoredName(entry.name));
}

/**
 * Steps through wrapper folders (a zip made with "Compress folder" holds one folder) until
 * a scenario folder, a pack root with pack.yaml, or a folder with several entries. A
 * single scenario folder is placed inside a new pack folder.
 */
async function normalise(raw: string, work: string, displayName: string): Promise<Layout> {
  let base = raw;
  let prefix = '';
  for (let depth = 0; depth < 8; depth++) {
    const entries = await visibleEntries(base);
    const has = (name: string) => entries.some((entry) => entry.isFile() && entry.name === name);
    if (has(SCENARIO_FILE_NAME)) {
      const packDir = path.join(work, 'pack');
      const folder = prefix ? prefix.slice(0, -1).split('/').pop()! : packIdFromName(displayName);
      await mkdir(packDir);
      await rename(base, path.join(packDir, folder));
      const strayManifest = path.join(packDir, folder, PACK_MANIFEST_FILE);
      if (statSync(strayManifest, { throwIfNoEntry: false })?.isFile()) await rename(strayManifest, path.join(packDir, PACK_MANIFEST_FILE));
      return { packDir, prefix, single: folder };
    }
    if (has(PACK_MANIFEST_FILE) || has('pack.yml')) break;
    const only = entries.length === 1 ? entries[0] : undefined;
    if (!only || !only.isDirectory()) break;
    base = path.join(base, only.name);
    prefix += `${only.name}/`;
  }
  const packDir = path.join(work, 'pack');
  await rename(base, packDir);
  return { packDir, prefix, single: null };
}

/** Maps a path inside the staged pack back to the path in the source as given (`/`-separated). */
function sourceMapper(layout: Layout, sourceName: string): (absolute: string) => string {
  return (absolute) => {
    const relative = path.relative(layout.packDir, absolute).split(path.sep).join('/');
    if (relative.startsWith('..') || path.isAbsolute(relative)) return absolute;
    let inSource = relative;
    if (layout.single) {
      if (relative === layout.single) inSource = '';
      else if (relative.startsWith(`${layout.single}/`)) inSource = relative.slice(layout.single.length + 1);
    }
    const full = `${layout.prefix}${inSource}`.replace(/\/$/, '');
    return full ? `${sourceName}/${full}` : sourceName;
  };
}

function toPackProblem(p: ScenarioProblem, packDir: string, toSource: (absolute: string) => string): PackProblem {
  return { file: toSource(p.file), line: p.line, column: p.column, path: p.path, message: rewritePaths(p.message, packDir, toSource) };
}

/** Replaces staging paths quoted in a message ("already used by /…/scenario.yaml") with source paths. */
function rewritePaths(message: string, packDir: string, toSource: (absolute: string) => string): string {
  const parts = message.split(packDir);
  if (parts.length === 1) return message;
  return parts
    .map((part, index) => {
      if (index === 0) return part;
      const tail = /^[^\s)"'”]*/.exec(part)![0];
      return toSource(packDir + tail) + part.slice(tail.length);
    })
    .join('');
}

function byPackPosition(a: PackProblem, b: PackProblem): number {
  return a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column;
}

interface Owner {
  kind: 'bundled' | 'loose' | 'pack';
  label: string;
  packId?: string;
}

/** Scenario id → who installed it, for every scenario outside the pack being (re)imported. */
async function installedScenarioOwners(dataDir: string, bundledContentDir: string | undefined, exceptPackId: string): Promise<Map<string, Owner>> {
  const owners = new Map<string, Owner>();
  const add = (found: { id: string; file: string }[], owner: (file: string) => Owner) => {
    for (const { id, file } of found) if (!owners.has(id)) owners.set(id, owner(file));
  };
  if (bundledContentDir) add(await scenarioIdsIn(bundledContentDir), () => ({ kind: 'bundled', label: 'the content that ships with ChatTrain' }));
  add(await scenarioIdsIn(contentPacksDir(dataDir)), (file) => ({
    kind: 'loose',
    label: `the scenario folder "${path.basename(path.dirname(file))}" placed in the data folder's content-packs`,
  }));
  for (const pack of packFolders(dataDir)) {
    if (pack.id === exceptPackId) continue;
    const record = await readPackRecord(pack.dir);
    add(await scenarioIdsIn(pack.dir), () => ({ kind: 'pack', label: `the pack “${record?.title ?? pack.id}” (${pack.id})`, packId: pack.id }));
  }
  return owners;
}

async function collisionProblem(file: string, id: string, owner: Owner): Promise<ScenarioProblem> {
  const read = await readFileBounded(file, 1024 * 1024);
  const parsed = read.ok ? parseScenarioFile(file, read.bytes) : null;
  const at = parsed?.yaml ? locatePath(parsed.yaml, ['id']) : null;
  const advice =
    owner.kind === 'pack'
      ? `remove that pack first, or give this pack the id "${owner.packId}" in its ${PACK_MANIFEST_FILE} to replace it`
      : owner.kind === 'bundled'
        ? 'give this scenario another id'
        : 'remove that folder first, or give this scenario another id';
  return problem(file, at, ['id'], `the scenario id "${id}" is already installed from ${owner.label}; ${advice}`);
}

/**
 * Moves the staged pack to `destination`. An installed pack there is first moved aside and
 * deleted after the new one is in place (put back if the move fails).
 */
async function moveIntoPlace(staged: string, destination: string, aside: string): Promise<boolean> {
  const existing = statSync(destination, { throwIfNoEntry: false });
  if (!existing) {
    await rename(staged, destination);
    return false;
  }
  await rename(destination, aside);
  try {
    await rename(staged, destination);
  } catch (error) {
    await rename(aside, destination).catch(() => undefined);
    throw error;
  }
  return true;
}
