import { closeSync, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { formatBytes } from './limits';

export type BoundedRead = { ok: true; bytes: Buffer; stats: Stats } | { ok: false; reason: string };

/**
 * Reads a whole regular file, refusing it when its size (checked before reading, and
 * again while reading in case it grows) is over `maxBytes`.
 */
export async function readFileBounded(path: string, maxBytes: number, label = 'the file'): Promise<BoundedRead> {
  let stats: Stats;
  try {
    stats = await stat(path);
  } catch (error) {
    return { ok: false, reason: describeFsError(error, label) };
  }
  if (!stats.isFile()) return { ok: false, reason: `${label} is not a regular file` };
  if (stats.size > maxBytes) {
    return { ok: false, reason: `${label} is ${formatBytes(stats.size)}; the limit is ${formatBytes(maxBytes)}` };
  }
  try {
    const handle = await open(path, 'r');
    try {
      const buffer = Buffer.alloc(Math.min(stats.size, maxBytes) + 1);
      let length = 0;
      while (length < buffer.length) {
        const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
        if (bytesRead === 0) break;
        length += bytesRead;
      }
      if (length > maxBytes) return { ok: false, reason: `${label} is larger than the limit of ${formatBytes(maxBytes)}` };
      return { ok: true, bytes: buffer.subarray(0, length), stats };
    } finally {
      await handle.close();
    }
  } catch (error) {
    return { ok: false, reason: describeFsError(error, label) };
  }
}

/**
 * The synchronous twin of readFileBounded, for the hot path that only checksums small
 * files: a few syscalls without promise round-trips are several times faster.
 */
export function readFileBoundedSync(path: string, maxBytes: number, label = 'the file'): BoundedRead {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    return { ok: false, reason: describeFsError(error, label) };
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) return { ok: false, reason: `${label} is not a regular file` };
    if (stats.size > maxBytes) {
      return { ok: false, reason: `${label} is ${formatBytes(stats.size)}; the limit is ${formatBytes(maxBytes)}` };
    }
    const buffer = Buffer.alloc(stats.size + 1);
    let length = 0;
    while (length < buffer.length) {
      const bytesRead = readSync(fd, buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > maxBytes) return { ok: false, reason: `${label} is larger than the limit of ${formatBytes(maxBytes)}` };
    return { ok: true, bytes: buffer.subarray(0, length), stats };
  } catch (error) {
    return { ok: false, reason: describeFsError(error, label) };
  } finally {
    closeSync(fd);
  }
}

export function describeFsError(error: unknown, label: string): string {
  const code = (error as { code?: string })?.code;
  switch (code) {
    case 'ENOENT':
      return `${label} does not exist`;
    case 'EACCES':
    case 'EPERM':
      return `${label} cannot be read (permission denied)`;
    case 'EISDIR':
      return `${label} is a folder, not a file`;
    case 'ELOOP':
      return `${label} is a symbolic link that loops`;
    default:
      return `${label} cannot be read (${error instanceof Error ? error.message : String(error)})`;
  }
}
