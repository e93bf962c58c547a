import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../../../shared/errors';

/** A sibling path for writing before the final rename (same folder, so rename is atomic). */
export function partialPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.partial-${randomBytes(4).toString('hex')}`);
}

/** Turns a file-system error into an AppError a person can act on. */
export function fileError(error: unknown, path: string, action = 'write'): AppError {
  if (error instanceof AppError) return error;
  const code = (error as NodeJS.ErrnoException)?.code ?? '';
  if (code === 'ENOSPC') return new AppError('DISK_FULL', `The disk is full; could not ${action} ${path}. Nothing was changed.`, { cause: error });
  if (code === 'ENOENT') return new AppError('IO_ERROR', `Could not ${action} ${path}: the file or folder does not exist.`, { cause: error });
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return new AppError('IO_ERROR', `Could not ${action} ${path}: permission denied.`, { cause: error });
  }
  return new AppError('IO_ERROR', `Could not ${action} ${path}: ${code || (error instanceof Error ? error.message : String(error))}`, { cause: error });
}

/**
 * Writes a file so that `path` either keeps its old content or gets the complete new one:
 * data goes to a hidden sibling first and is renamed over `path` only when fully written.
 * `data` may be a buffer, a string, or an (async) iterable of chunks for streaming output.
 * Returns the number of bytes written.
 */
export async function writeFileAtomic(path: string, data: Buffer | string | Iterable<string | Buffer> | AsyncIterable<string | Buffer>): Promise<number> {
  const partial = partialPathFor(path);
  try {
    await mkdir(dirname(path), { recursive: true });
    const source = typeof data === 'string' || Buffer.isBuffer(data) ? Readable.from([data]) : Readable.from(data);
    await pipeline(source, createWriteStream(partial, { flags: 'wx' }));
    const { size } = await stat(partial);
    await rename(partial, path);
    return size;
  } catch (error) {
    await rm(partial, { force: true }).catch(() => undefined);
    throw fileError(error, path);
  }
}
