import { writeFile } from 'node:fs/promises';
import { AppError } from '../../../shared/errors';
import type { FileDelivery } from '../../../shared/files/types';

/** Asks the user where to save a file; resolves to the chosen path, or null if they cancelled. */
export type ChooseSavePath = (suggestedName: string, format: { name: string; extension: string }) => Promise<string | null>;

export interface OutgoingFile {
  fileName: string;
  mimeType: string;
  bytes: Buffer;
  /** Shown in the save dialog's type filter, e.g. "PDF document". */
  formatName: string;
  extension: string;
}

/**
 * Hands a produced file to the user: written where they chose in the save dialog
 * (desktop), or returned for the page to download (browser mode, no `chooseSavePath`).
 * Nothing is written anywhere the user did not pick.
 */
export async function deliverFile(chooseSavePath: ChooseSavePath | undefined, file: OutgoingFile): Promise<FileDelivery> {
  if (!chooseSavePath) {
    return { kind: 'download', fileName: file.fileName, mimeType: file.mimeType, base64: file.bytes.toString('base64') };
  }
  const path = await chooseSavePath(file.fileName, { name: file.formatName, extension: file.extension });
  if (!path) return { kind: 'cancelled' };
  try {
    await writeFile(path, file.bytes);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new AppError(
      code === 'ENOSPC' ? 'DISK_FULL' : 'IO_ERROR',
      code === 'ENOSPC' ? `The disk is full; nothing was saved to ${path}.` : `The file could not be saved to ${path} (${code ?? 'unknown error'}).`,
      { cause: error },
    );
  }
  return { kind: 'saved', path };
}
