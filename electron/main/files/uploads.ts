import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../../../shared/errors';
import { MAX_UPLOAD_BYTES } from '../../../shared/files/types';

export interface UploadedFile {
  path: string;
  /** The name the file had on the user's machine (for messages only, never a path). */
  originalName: string;
}

/** Uploads nobody claimed are dropped after this long. */
const UPLOAD_TTL_MS = 30 * 60_000;

/**
 * Browser mode's side of "choose a file": the page streams the file to `POST /api/upload`,
 * it lands in `<dataDir>/uploads/<id>`, and the IPC call that needs it claims it by id.
 * The folder is emptied at start-up; unclaimed uploads expire.
 */
export class UploadStore {
  private readonly files = new Map<string, UploadedFile & { timer: NodeJS.Timeout }>();

  constructor(private readonly dir: string) {}

  async clear(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }

  async save(body: Readable, originalName: string, maxBytes = MAX_UPLOAD_BYTES): Promise<string> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const id = randomUUID();
    const path = join(this.dir, id);
    let size = 0;
    try {
      await pipeline(
        body,
        async function* (source: AsyncIterable<Buffer>) {
          for await (const chunk of source) {
            size += chunk.length;
            if (size > maxBytes) throw new AppError('FILE_TOO_LARGE', `The file is larger than ${Math.round(maxBytes / 1024 / 1024)} MB.`);
            yield chunk;
          }
        },
        createWriteStream(path, { mode: 0o600 }),
      );
    } catch (error) {
      await rm(path, { force: true });
      throw error;
    }
    const timer = setTimeout(() => void this.release(id), UPLOAD_TTL_MS);
    timer.unref();
    this.files.set(id, { path, originalName: basename(originalName).slice(0, 255) || 'upload', timer });
    return id;
  }

  /** The uploaded file; call `release` when done with it. */
  get(id: string): UploadedFile {
    const file = this.files.get(id);
    if (!file) throw new AppError('NOT_FOUND', 'The uploaded file is gone (uploads are kept for 30 minutes). Choose it again.');
    return { path: file.path, originalName: file.originalName };
  }

  async release(id: string): Promise<void> {
    const file = this.files.get(id);
    if (!file) return;
    clearTimeout(file.timer);
    this.files.delete(id);
    await rm(file.path, { force: true });
  }
}
