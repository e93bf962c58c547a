import { AppError } from '../../../shared/errors';
import type { RecoveryProblem } from '../../../shared/data-care/types';
import { inspectDatabaseFile } from './integrity';

export type StartupCheck = { ok: true; durationMs: number } | { ok: false; problem: RecoveryProblem };

/**
 * The start-up integrity check (SPEC 7, `PRAGMA quick_check`), run on the file before the
 * app opens it. A damaged file, or one that is not a ChatTrain database, is reported (the
 * app then offers to restore a backup instead of failing); a missing or empty file is fine
 * (a new database is made). A database written by a newer version is refused outright with
 * its own message: it is not damaged, and restoring an older backup over it would be wrong.
 */
export function checkDatabaseAtStartup(databasePath: string): StartupCheck {
  const info = inspectDatabaseFile(databasePath);
  switch (info.kind) {
    case 'missing':
    case 'empty':
    case 'chattrain':
      return { ok: true, durationMs: info.integrity.durationMs };
    case 'too_new':
      throw new AppError(
        'DATABASE_TOO_NEW',
        `This database (${databasePath}) was written by a newer version of ChatTrain (schema ${info.unknown.at(-1)}). ` +
          'Install the newer version to open it; the file has not been changed.',
      );
    case 'foreign':
      return {
        ok: false,
        problem: {
          kind: 'foreign',
          message: `${databasePath} is an SQLite database, but not one written by ChatTrain.`,
          details: [],
        },
      };
    case 'corrupt':
      return {
        ok: false,
        problem: {
          kind: 'damaged',
          message: 'The database did not pass the integrity check at start-up: it is damaged and cannot be used safely.',
          details: info.integrity.problems.slice(0, 5),
        },
      };
  }
}
