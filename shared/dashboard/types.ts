/**
 * What the facilitator dashboard and session review show (SPEC 6). The queries live in
 * `electron/main/cohort/dashboard.ts`; these are their results, shared with the renderer.
 * Scores are 0–100, times ISO-8601 UTC, durations in seconds.
 */
import type { Role } from '../people/types';
import type { SessionStatus } from '../training/types';

/** Filters as bounds ready for SQL: `fromIso <= started_at < toExclusiveIso`; null means unbounded / any. */
export interface ResolvedFilters {
  fromIso: string | null;
  toExclusiveIso: string | null;
  scenarioId: string | null;
  userId: string | null;
}

/** The whole filtered cohort at once (the dashboard's headline numbers). */
export interface CohortTotals {
  sessions: number;
  completed: number;
  passed: number;
  abandoned: number;
  flagged: number;
  /** Percent 0–100 with 2 decimals; null without sessions. */
  completionRate: number | null;
  /** Mean final score of completed sessions; null when none is completed. */
  averageScore: number | null;
  averageDurationSeconds: number | null;
}

/** The same figures as the totals, for the sessions of one scenario. */
export interface ScenarioStats extends CohortTotals {
  scenarioId: string;
  /** From the scenario table, or the snapshot the sessions were played from if the file is gone. */
  title: string;
}

export interface TraineeProgress {
  userId: string;
  displayName: string;
  role: Role;
  sessions: number;
  completed: number;
  passed: number;
  flagged: number;
  averageScore: number | null;
  /** Latest `last_activity_at` of their sessions. */
  lastActivityAt: string | null;
}

/** `from <= score < to`; the last bucket (90–100) includes 100. */
export interface ScoreBucket {
  from: number;
  to: number;
  count: number;
}

/** Which session a row of the dashboard stands for: whose, of which scenario, how far it got. */
export interface SessionRowBase {
  sessionId: string;
  userId: string;
  displayName: string;
  scenarioId: string;
  status: SessionStatus;
  startedAt: string | null;
  totalScore: number | null;
}

export interface FlaggedSession extends SessionRowBase {
  lastActivityAt: string;
  /** Distinct phrases detected, sorted. */
  phrases: string[];
  detections: number;
  lastDetectedAt: string | null;
}

export interface SessionListItem extends SessionRowBase {
  completedAt: string | null;
  durationSeconds: number | null;
  messageCount: number;
  feedbackCount: number;
  averageFeedbackScore: number | null;
  passed: boolean | null;
  flagged: boolean;
}

export interface Dashboard {
  filters: ResolvedFilters;
  totals: CohortTotals;
  scenarios: ScenarioStats[];
  trainees: TraineeProgress[];
  scoreDistribution: ScoreBucket[];
  flagged: { total: number; sessions: FlaggedSession[] };
}

/** What the filter bar offers, whatever the current filters are. */
export interface DashboardFilterOptions {
  /** Scenarios in the library and any that sessions were played from, by title. */
  scenarios: { id: string; title: string }[];
  /** Every profile, by name. */
  trainees: { id: string; displayName: string; role: Role }[];
}

/** `dashboard.overview`: the dashboard for some filters, and the filter choices. */
export interface DashboardOverview extends Dashboard {
  options: DashboardFilterOptions;
}

/** One page of `dashboard.sessions`, newest start first. */
export interface SessionPage {
  total: number;
  offset: number;
  limit: number;
  sessions: SessionListItem[];
}
