/** What the data-care screen and the recovery screen show (SPEC 7). Paths are for display. */

/**
 * - `manual`: "Back up now" (in the data folder's backups/ folder);
 * - `before-restore`: the copy taken automatically just before a restore replaced the data;
 * - `pre-migration`: the copy taken automatically before an app update changed the database.
 */
export type BackupKind = 'manual' | 'before-restore' | 'pre-migration';

export interface BackupEntry {
  /** Names the backup in later calls: its path relative to the data folder (never a free path). */
  id: string;
  fileName: string;
  /** Full path, for display. */
  path: string;
  kind: BackupKind;
  bytes: number;
  /** When the file was written (its modification time), ISO 8601. */
  createdAt: string;
}

export interface RetentionSettings {
  /** Abandoned sessions whose last activity is older than this are deleted; 0 keeps them. */
  abandonedDays: number;
  /** Activity-log rows older than this are deleted; 0 keeps them. */
  activityDays: number;
  /** Also prune every time ChatTrain starts. */
  pruneAtStartup: boolean;
}

export interface DataFolderInfo {
  /** Where the data lives now. */
  dataDir: string;
  databasePath: string;
  /** The database file with its write-ahead log. */
  databaseBytes: number;
  backupsDir: string;
  /** The newest backup of any kind, or null when there is none. */
  lastBackupAt: string | null;
  /** Newest first. */
  backups: BackupEntry[];
  /** The app's default data folder; it remembers where the data was moved to. */
  homeDir: string;
  /** How a new folder is chosen: the system's folder dialog (desktop) or a typed path (browser mode). */
  folderPicker: 'dialog' | 'typed';
  retention: RetentionSettings;
}

export interface BackupMade {
  backup: BackupEntry;
  durationMs: number;
}

export interface RestoreOutcome {
  /** The backup's file name. */
  restoredFrom: string;
  /** The copy of the replaced data taken just before (null when there was nothing sound to copy). */
  safetyBackup: BackupEntry | null;
  /** Where the replaced database file itself was set aside (kept, never deleted). */
  previousKeptAs: string | null;
  /** What the restored data holds. */
  profiles: number;
  sessions: number;
}

export interface PruneOutcome {
  abandonedSessions: number;
  activityRows: number;
  /** The cut-off times used (null where the setting keeps everything). */
  abandonedBefore: string | null;
  activityBefore: string | null;
}

export interface MoveOutcome {
  from: string;
  to: string;
  /** Files copied besides the database (backups, content packs, …). */
  files: number;
  /** Bytes copied, database included. */
  bytes: number;
  /** Rows in the database, checked equal in the copy. */
  rows: number;
  /** Whether the old copy was removed (only after the new one was verified and opened). */
  oldRemoved: boolean;
}

/** Why start-up did not open the database. */
export interface RecoveryProblem {
  /** `damaged`: it fails the integrity check or cannot be read; `foreign`: it is not a ChatTrain database. */
  kind: 'damaged' | 'foreign';
  /** One sentence for people. */
  message: string;
  /** What SQLite reported (a few lines). */
  details: string[];
}

export type RecoveryStatus =
  | { state: 'ok' }
  | {
      state: 'recovery';
      problem: RecoveryProblem;
      dataDir: string;
      databasePath: string;
      /** The newest backup that passes the integrity check, offered for restoring. */
      latestBackup: BackupEntry | null;
    };

export interface FreshStartOutcome {
  /** Where the damaged file was set aside (kept). */
  keptAs: string;
}
