import { z } from 'zod';
import type { FileDelivery } from '../files/types';
import { fileSourceSchema } from '../files/types';
import { output } from '../ipc/output';
import type { BackupMade, DataFolderInfo, FreshStartOutcome, MoveOutcome, PruneOutcome, RecoveryStatus, RestoreOutcome, RetentionSettings } from './types';

/** A backup listed by `dataCare.info`, by its id (main looks it up; it is never taken as a path). */
const backupId = z.string().min(1).max(500);
const days = z.number().int('a whole number of days').min(0, '0 or more days').max(3650, 'at most 3650 days (10 years)');

export const restoreSourceSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('backup'), backupId }),
  z.strictObject({ kind: z.literal('file'), source: fileSourceSchema }),
]);
export type RestoreSource = z.infer<typeof restoreSourceSchema>;

/** The desktop app asks with the system's folder dialog; browser mode sends a typed absolute path. */
export const moveTargetSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('dialog') }),
  z.strictObject({ kind: z.literal('path'), path: z.string().trim().min(1, 'type the full path of the new folder').max(1000) }),
]);
export type MoveTarget = z.infer<typeof moveTargetSchema>;

/**
 * Data care (SPEC 7): backups, restore, retention and the data folder — facilitators and
 * trainers only. `recovery.*` is the exception: it answers anyone, because it is what works
 * when start-up found the database damaged and no profile can be read.
 */
export const dataCareChannels = {
  'dataCare.info': { input: z.undefined(), output: output<DataFolderInfo>() },
  /** A checked copy into the data folder's backups/ folder. */
  'dataCare.backupNow': { input: z.undefined(), output: output<BackupMade>() },
  /** Hands a listed backup to the user: saved where they choose (desktop) or downloaded (browser mode). */
  'dataCare.saveBackupCopy': { input: z.strictObject({ backupId }), output: output<FileDelivery>() },
  /** Replaces all data with a backup (a safety copy of the current data is taken first). Null: the file dialog was cancelled. */
  'dataCare.restore': { input: z.strictObject({ from: restoreSourceSchema }), output: output<RestoreOutcome | null>() },
  'dataCare.setRetention': {
    input: z.strictObject({ abandonedDays: days, activityDays: days, pruneAtStartup: z.boolean() }),
    output: output<RetentionSettings>(),
  },
  /** Applies the saved retention settings now and says what was removed. */
  'dataCare.pruneNow': { input: z.undefined(), output: output<PruneOutcome>() },
  /** Copies the data to a new folder, verifies it and switches to it. Null: the folder dialog was cancelled. */
  'dataCare.moveDataDir': { input: z.strictObject({ target: moveTargetSchema }), output: output<MoveOutcome | null>() },

  'recovery.status': { input: z.undefined(), output: output<RecoveryStatus>() },
  'recovery.restoreLatest': { input: z.undefined(), output: output<RestoreOutcome>() },
  /** Null: the file dialog was cancelled. */
  'recovery.restoreFrom': { input: z.strictObject({ source: fileSourceSchema }), output: output<RestoreOutcome | null>() },
  /** Sets the damaged file aside (kept) and starts with an empty database. */
  'recovery.startFresh': { input: z.undefined(), output: output<FreshStartOutcome>() },
} as const satisfies Record<string, { input: z.ZodType; output: unknown }>;
