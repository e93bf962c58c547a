import type { FileDelivery } from '../files/types';
import type { ScenarioProblem } from '../scenario/types';

/**
 * What the workshop screen sees of cohort exports, workshop bundles and content packs
 * (SPEC 6 and 7). Plain data: main fills these from electron/main/cohort, workshop and
 * content-packs; the renderer never imports from electron/.
 */

/** What a filter can be set to: scenarios and trainees that have sessions on this laptop. */
export interface WorkshopFilterOptions {
  /** Scenario ids with sessions (also ones no longer installed), with their latest known title. */
  scenarios: { id: string; title: string; sessions: number }[];
  /** Profiles that own sessions. */
  trainees: { id: string; displayName: string; role: string; sessions: number }[];
  totalSessions: number;
  /** started_at of the first and last started session (ISO-8601 UTC), null without any. */
  firstStartedAt: string | null;
  lastStartedAt: string | null;
}

/** How much a set of filters covers, before anything is written. */
export interface SelectionPreview {
  /** Sessions matching (rows of the cohort CSV, sessions in a bundle). */
  sessions: number;
  /** Completed ones among them (only these produce xAPI statements). */
  completedSessions: number;
  /** Statements the xAPI export would hold: `completed`, plus `passed`/`failed` where known. */
  xapiStatements: number;
}

export type CohortExportFormat = 'csv' | 'xapi';

export interface CohortExportOutcome {
  delivery: FileDelivery;
  format: CohortExportFormat;
  /** The suggested file name (the desktop user may have chosen another). */
  fileName: string;
  /** CSV: session rows; xAPI: statements. */
  records: number;
  /** Sessions the file covers. */
  sessions: number;
  bytes: number;
}

/** Tables of a workshop bundle, in the order they are merged. */
export const bundleTableNames = [
  'users',
  'scenarioVersions',
  'sessions',
  'messages',
  'stepProgress',
  'feedback',
  'riskDetections',
  'sessionSummaries',
  'reflections',
] as const;
export type BundleTableName = (typeof bundleTableNames)[number];

/** Words for the tables, as the screen names them. */
export const bundleTableLabels: Record<BundleTableName, string> = {
  users: 'Profiles',
  scenarioVersions: 'Scenario versions',
  sessions: 'Sessions',
  messages: 'Messages',
  stepProgress: 'Step progress',
  feedback: 'Feedback',
  riskDetections: 'Risk detections',
  sessionSummaries: 'Summaries',
  reflections: 'Reflections',
};

export interface BundleExportOutcome {
  delivery: FileDelivery;
  fileName: string;
  /** Rows per table in the bundle. */
  counts: Record<BundleTableName, number>;
  bytes: number;
}

export interface BundleTableCounts {
  inserted: number;
  updated: number;
  skipped: number;
}

export interface BundleImportSummary {
  /** The name of the file that was imported. */
  fileName: string;
  /** Who wrote it and when (from its manifest). */
  writtenBy: { appVersion: string; createdAt: string };
  /** What the bundle held, per table. */
  contained: Record<BundleTableName, number>;
  /** What the merge did, per table. Importing the same bundle again only skips. */
  counts: Record<BundleTableName, BundleTableCounts>;
  /** Sessions left alone because their id belongs to another profile here. */
  conflicts: string[];
  /** Facilitator or trainer profiles from elsewhere, added here as trainees (PINs never travel). */
  addedAsTrainees: string[];
  durationMs: number;
}

/** A problem found in a content pack: the file as found in the pack given, line, column, field path. */
export type PackProblem = ScenarioProblem;

export type PackSourceKind = 'zip' | 'folder';

export interface ContentPackItem {
  id: string;
  title: string;
  description: string | null;
  version: string | null;
  /** Where it was imported from; null for a folder placed in the data folder by hand. */
  origin: {
    kind: PackSourceKind;
    /** The file or folder name, e.g. `claims-pack.zip`. */
    name: string;
    /** The path it was imported from; null when it was uploaded through the browser (no path to show). */
    path: string | null;
  } | null;
  importedAt: string | null;
  scenarios: { id: string; title: string | null }[];
  trackIds: string[];
  files: number;
  bytes: number;
}

export interface PackImportOutcome {
  /** True when the pack was installed; false when `problems` says why not (nothing changed then). */
  ok: boolean;
  packId: string | null;
  /** The pack's title, or the file or folder name. */
  name: string;
  /** The file or folder that was given. */
  sourceName: string;
  sourceKind: PackSourceKind;
  scenarioIds: string[];
  /** Located problems (sorted by file, line, column); empty when installed. */
  problems: PackProblem[];
  /** True when an installed pack with the same id was replaced. */
  replaced: boolean;
  pack: ContentPackItem | null;
  /** Problems elsewhere in the content after the reload (other packs, bundled content). */
  otherProblems: number;
}

export interface PackRemoval {
  removed: ContentPackItem;
  /** Scenarios that left the library. */
  scenariosRemoved: number;
}

/**
 * The cohort CSV's columns in file order, with what each holds (the screen shows this; a
 * test keeps it equal to electron/main/cohort/cohort-csv.ts).
 */
export const cohortCsvColumnDocs: readonly { column: string; description: string }[] = [
  { column: 'session_id', description: 'The session’s id (a UUID).' },
  { column: 'trainee', description: 'The profile’s display name.' },
  { column: 'scenario_id', description: 'The scenario’s id.' },
  { column: 'scenario_version', description: 'The version of the scenario that was played.' },
  { column: 'variant', description: 'A or B.' },
  { column: 'status', description: 'created, in_progress, completed, abandoned or error.' },
  { column: 'completion_reason', description: 'all_steps_finished, time_limit, user_exit, system_error, or empty.' },
  { column: 'started_at', description: 'ISO-8601 UTC; empty if never started.' },
  { column: 'completed_at', description: 'ISO-8601 UTC; empty while unfinished.' },
  { column: 'duration_seconds', description: 'Whole seconds from start to completion (to the last activity while unfinished).' },
  { column: 'total_score', description: '0–100 (the running score while unfinished); empty if none yet.' },
  { column: 'passed', description: '1 or 0 for completed sessions, empty otherwise.' },
  { column: 'step_count', description: 'Steps in the scenario version played.' },
  { column: 'flagged', description: '1 if risk language was detected, else 0.' },
];
