/**
 * What the renderer sees of personal SMART goals and of tracks (SPEC 5.4). Plain data:
 * main maps its own rows onto these shapes.
 */

/**
 * `completed` is shown as "Achieved"; `revised` is an active goal whose SMART fields were
 * changed after it was set.
 */
export const goalStatuses = ['active', 'revised', 'completed', 'abandoned'] as const;
export type GoalStatus = (typeof goalStatuses)[number];

const listPosition: Record<GoalStatus, number> = { active: 0, revised: 0, completed: 1, abandoned: 2 };

/** Sort order of goal lists: open goals first, then achieved, then abandoned (stable sorts keep the order within each). */
export const openGoalsFirst = (a: { status: GoalStatus }, b: { status: GoalStatus }): number => listPosition[a.status] - listPosition[b.status];

export const smartFieldKeys = ['specific', 'measurable', 'achievable', 'relevant', 'time_bound'] as const;
export type SmartFieldKey = (typeof smartFieldKeys)[number];
export type SmartFields = Record<SmartFieldKey, string>;

export interface GoalView extends SmartFields {
  id: string;
  userId: string;
  scenarioId: string | null;
  /** The scenario's title while it is still installed. */
  scenarioTitle: string | null;
  sessionId: string | null;
  status: GoalStatus;
  createdAt: string;
  updatedAt: string;
  /** Progress of the latest check-in (0–100), null before the first. */
  latestProgress: number | null;
  latestCheckinAt: string | null;
  checkinCount: number;
}

export interface GoalCheckin {
  id: string;
  goalId: string;
  progress: number;
  note: string | null;
  createdAt: string;
}

/** One goal with its check-ins, oldest first. */
export interface GoalDetail {
  goal: GoalView;
  checkins: GoalCheckin[];
}

export interface CheckinResult {
  checkin: GoalCheckin;
  /** The goal after the check-in (a check-in at 100 marks an open goal achieved). */
  goal: GoalView;
}

/** `passed`: completed at or above the pass score; `unlocked`: may be played; `locked`: not yet. */
export type TrackStepStatus = 'passed' | 'unlocked' | 'locked';

export interface TrackStep {
  scenarioId: string;
  /** The scenario's title, or its id when it is not installed. */
  title: string;
  /** False when no scenario with this id is loaded (removed, or invalid on disk). */
  available: boolean;
  /** The score that passes this step: the track's, else the scenario's pass score. */
  passScore: number;
  status: TrackStepStatus;
  /** Why it is locked, in words (`Pass “Greeting basics” with at least 70 to unlock`); null unless locked. */
  lockedReason: string | null;
  /** Best total score of the active profile's completed sessions of this scenario. */
  bestScore: number | null;
}

export interface TrackView {
  /** `<packId>/<trackId>`, unique across packs. */
  id: string;
  title: string;
  description: string | null;
  packId: string;
  packTitle: string;
  steps: TrackStep[];
  passedCount: number;
}

export interface ScenarioLock {
  /** Why it is locked, e.g. `Pass “Greeting basics” with at least 70 to unlock`. */
  reason: string;
  /** The title of the track that locks it. */
  track: string;
  /** The scenario the reason names (to pass first), when it is installed. */
  unlockWith: { scenarioId: string; title: string } | null;
}

/** Scenario id → why the active profile cannot start it yet; scenarios not listed are open. */
export type ScenarioLocks = Record<string, ScenarioLock>;
