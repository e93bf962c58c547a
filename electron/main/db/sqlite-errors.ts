import { AppError } from '../../../shared/errors';

/** Translates SQLite's error codes into errors a person can act on. */
export function databaseError(error: unknown, path: string): AppError {
  if (error instanceof AppError) return error;
  const code = (error as { code?: string })?.code ?? '';
  const detail = error instanceof Error ? error.message : String(error);
  if (code.startsWith('SQLITE_NOTADB') || code.startsWith('SQLITE_CORRUPT')) {
    return new AppError('DATABASE_CORRUPT', `The database file ${path} is damaged or is not a ChatTrain database (${detail}). Restore a backup or choose another data folder.`, { cause: error });
  }
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new AppError('DATABASE_LOCKED', `The database ${path} is in use by another program. Close other ChatTrain windows and try again.`, { cause: error });
  }
  if (code.startsWith('SQLITE_FULL')) {
    return new AppError('DISK_FULL', `The disk holding ${path} is full. Nothing was lost; free some space and try again.`, { cause: error });
  }
  if (code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_PERM')) {
    return new AppError('IO_ERROR', `The database ${path} cannot be opened for writing (${detail}). Check that the folder exists and is writable.`, { cause: error });
  }
  return new AppError('INTERNAL', `Database error: ${detail}`, { cause: error });
}
