import type { PackSourceKind } from '../../../shared/workshop/types';

/**
 * What the renderer and the CLI see of content packs and tracks. Plain data (the
 * workshop screen's views of it are in `shared/workshop/types.ts`).
 */

/** A problem found in a pack, located in the file that has it. */
export interface PackProblem {
  /**
   * The file as found in the pack that was given, starting with the zip's or folder's
   * name, with `/` separators: `claims-pack.zip/claims/scenario.yaml`; just the zip or
   * folder name for problems about the whole pack. For a folder, joining it to the
   * folder's parent gives the file on disk.
   */
  file: string;
  /** 1-based; 1 when the problem concerns the whole file. */
  line: number;
  /** 1-based; 1 when the problem concerns the whole file. */
  column: number;
  /** Field path such as `steps[2].pass_score`; empty for file-level problems. */
  path: string;
  message: string;
}

export type { PackSourceKind };

/** Where an installed pack came from (recorded when it was imported). */
export interface PackOrigin {
  kind: PackSourceKind;
  /** The file or folder name, e.g. `claims-pack.zip`. */
  name: string;
  /** The absolute path it was imported from (it may no longer exist). */
  path: string;
}

export interface ContentPackInfo {
  /** Folder name under `<data dir>/content-packs/`; [a-z0-9._-], starts with a letter or digit. */
  id: string;
  title: string;
  description: string | null;
  version: string | null;
  /** Null for a folder placed there by hand (no import record). */
  origin: PackOrigin | null;
  /** ISO-8601 UTC; null without an import record. */
  importedAt: string | null;
  scenarioIds: string[];
  trackIds: string[];
  files: number;
  bytes: number;
}

export interface ImportPackResult {
  /** True when the pack was installed; false when `problems` says why not. */
  ok: boolean;
  /** The pack id (from pack.yaml, else from the file or folder name); null if it could not be told. */
  packId: string | null;
  /** Display name: the manifest title, else the file or folder name. */
  name: string;
  /** Scenario ids in the pack (the valid ones when the import was refused). */
  scenarioIds: string[];
  /** Empty when installed. */
  problems: PackProblem[];
  /** True when an installed pack with the same id was replaced. */
  replaced: boolean;
  /** The installed pack, when ok. */
  pack: ContentPackInfo | null;
}

export type TrackScenarioStatus = 'completed' | 'unlocked' | 'locked';

export interface TrackScenario {
  scenarioId: string;
  /** The scenario's title, or its id when it is not installed. */
  title: string;
  /** False when no scenario with this id is loaded (removed, or invalid on disk). */
  available: boolean;
  /** The score that completes this step of the track: the track's, else the scenario's completion.pass_score. */
  passScore: number;
  status: TrackScenarioStatus;
  /** Why it is locked, e.g. `Pass “Greeting basics” with at least 70 to unlock`; null otherwise. */
  lockedReason: string | null;
  /** Best total score of this user's completed sessions of the scenario; null if none. */
  bestScore: number | null;
  /** How many completed sessions of the scenario this user has. */
  completedSessions: number;
}

export interface Track {
  /** `<packId>/<trackId>`, unique across packs. */
  id: string;
  packId: string;
  packTitle: string;
  trackId: string;
  origin: 'bundled' | 'imported';
  title: string;
  description: string | null;
  scenarios: TrackScenario[];
  /** How many of the track's scenarios are completed. */
  completedCount: number;
}
