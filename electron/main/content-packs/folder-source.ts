import { constants, type Dirent } from 'node:fs';
import { lstat, mkdir, open, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { formatBytes } from '../content/limits';
import { fileLimitFor, type PackLimits } from './limits';
import { checkEntryName, isIgnoredName } from './names';
import type { ZipProblem } from './zip-reader';

export interface FolderFile {
  /** Path segments relative to the folder. */
  segments: string[];
  absolutePath: string;
}

export type FolderScan = { ok: true; files: FolderFile[]; totalBytes: number } | { ok: false; problems: ZipProblem[] };

const MAX_REPORTED = 25;

/**
 * Lists the files of a pack folder under the same rules as a zip: no symbolic links or
 * special files, names that are safe everywhere, and the same count and size limits. The
 * walk stops as soon as a count or total-size limit is passed, so picking a huge folder by
 * mistake fails fast. Hidden files and folders (`.git`, `.DS_Store`) are left out.
 */
export async function scanFolder(root: string, limits: PackLimits): Promise<FolderScan> {
  const problems: ZipProblem[] = [];
  const report = (entry: string | null, message: string) => {
    if (problems.length < MAX_REPORTED) problems.push({ entry, message });
  };
  const files: FolderFile[] = [];
  let entries = 0;
  let totalBytes = 0;
  const pending: string[][] = [[]];
  while (pending.length > 0) {
    const segments = pending.shift()!;
    let listing: Dirent[];
    try {
      listing = await readdir(path.join(root, ...segments), { withFileTypes: true });
    } catch (error) {
      report(segments.join('/') || null, `the folder cannot be read (${(error as { code?: string }).code ?? String(error)})`);
      continue;
    }
    listing.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of listing) {
      if (isIgnoredName(entry.name)) continue;
      const inner = [...segments, entry.name];
      const relative = inner.join('/');
      entries++;
      if (entries > limits.maxEntries) {
        return { ok: false, problems: [...problems, { entry: null, message: `the folder holds more than ${limits.maxEntries} files and folders; the limit is ${limits.maxEntries}` }] };
      }
      const checked = checkEntryName(entry.isDirectory() ? `${relative}/` : relative, limits);
      if (!checked.ok) {
        report(relative, `refused: ${checked.reason}`);
        continue;
      }
      if (entry.isSymbolicLink()) {
        report(relative, 'refused: this is a symbolic link; a pack may only hold plain files and folders (copy the file itself)');
        continue;
      }
      if (entry.isDirectory()) {
        pending.push(inner);
        continue;
      }
      if (!entry.isFile()) {
        report(relative, 'refused: this is a special file (device, pipe or socket)');
        continue;
      }
      const absolutePath = path.join(root, ...inner);
      const { size } = await lstat(absolutePath);
      const limit = fileLimitFor(entry.name, limits);
      if (size > limit) {
        report(relative, `refused: the file is ${formatBytes(size)}; the limit is ${formatBytes(limit)}`);
        continue;
      }
      totalBytes += size;
      if (totalBytes > limits.maxTotalBytes) {
        return { ok: false, problems: [...problems, { entry: null, message: `the folder holds more than ${formatBytes(limits.maxTotalBytes)} of files; the limit is ${formatBytes(limits.maxTotalBytes)}` }] };
      }
      files.push({ segments: checked.segments, absolutePath });
    }
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, files, totalBytes };
}

/**
 * Copies the scanned files under `target`. Each source is opened without following a
 * symbolic link (where the OS allows) and read with its limit, so a file swapped for a
 * link or grown since the scan is refused rather than copied.
 */
export async function copyFolderFiles(files: readonly FolderFile[], target: string, limits: PackLimits): Promise<ZipProblem | null> {
  for (const file of files) {
    const limit = fileLimitFor(file.absolutePath, limits);
    const relative = file.segments.join('/');
    let bytes: Buffer;
    const handle = await open(file.absolutePath, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0)).catch((error: unknown) => error as Error);
    if (handle instanceof Error) return { entry: relative, message: `the file cannot be read (${(handle as { code?: string }).code ?? handle.message})` };
    try {
      const stats = await handle.stat();
      if (!stats.isFile()) return { entry: relative, message: 'refused: this is no longer a plain file' };
      if (stats.size > limit) return { entry: relative, message: `refused: the file is ${formatBytes(stats.size)}; the limit is ${formatBytes(limit)}` };
      const buffer = Buffer.alloc(stats.size + 1);
      let length = 0;
      while (length < buffer.length) {
        const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
        if (bytesRead === 0) break;
        length += bytesRead;
      }
      if (length > limit) return { entry: relative, message: `refused: the file grew past the limit of ${formatBytes(limit)} while being copied` };
      bytes = buffer.subarray(0, length);
    } finally {
      await handle.close();
    }
    const destination = path.join(target, ...file.segments);
    await mkdir(path.dirname(destination), { recursive: true });
    await writeFile(destination, bytes, { flag: 'wx' });
  }
  return null;
}
