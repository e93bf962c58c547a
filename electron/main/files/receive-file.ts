import { basename } from 'node:path';
import { AppError } from '../../../shared/errors';
import type { FileSource } from '../../../shared/files/types';
import type { UploadStore } from './uploads';

export interface OpenRequest {
  /** Dialog title, e.g. "Import a workshop bundle". */
  title: string;
  filters: { name: string; extensions: string[] }[];
  /** Let the user pick a folder instead of a file (content packs, data folder). */
  directory?: boolean;
}

/** Shows the native open dialog; resolves to the chosen path, or null if cancelled. */
export type ChooseOpenPath = (request: OpenRequest) => Promise<string | null>;

export interface ReceivedFile {
  path: string;
  /** What to call it in messages. */
  displayName: string;
  /** Deletes an uploaded copy once it has been used (a file picked in the dialog is left alone). */
  release(): Promise<void>;
}

/**
 * Resolves a FileSource to a readable path: the native dialog (desktop) or a browser-mode
 * upload. Null means the user cancelled the dialog.
 */
export async function receiveFile(
  source: FileSource,
  request: OpenRequest,
  sources: { chooseOpenPath?: ChooseOpenPath | undefined; uploads: UploadStore },
): Promise<ReceivedFile | null> {
  if (source.kind === 'upload') {
    const file = sources.uploads.get(source.uploadId);
    return { path: file.path, displayName: file.originalName, release: () => sources.uploads.release(source.uploadId) };
  }
  if (!sources.chooseOpenPath) {
    throw new AppError('BAD_INPUT', 'There is no file dialog here: upload the file from the page instead.');
  }
  const path = await sources.chooseOpenPath(request);
  if (!path) return null;
  return { path, displayName: basename(path), release: async () => undefined };
}

/** Runs `use` with the received file and always releases it; null when the user cancelled. */
export async function withReceivedFile<T>(
  source: FileSource,
  request: OpenRequest,
  sources: { chooseOpenPath?: ChooseOpenPath | undefined; uploads: UploadStore },
  use: (file: ReceivedFile) => Promise<T>,
): Promise<T | null> {
  const file = await receiveFile(source, request, sources);
  if (!file) return null;
  try {
    return await use(file);
  } finally {
    await file.release();
  }
}
