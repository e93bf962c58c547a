/** What the renderer sees of personal goals. Plain data: can move to `shared/goals/types.ts`. */
import type { GoalStatus } from './schemas';

export interface GoalView {
  id: string;
  userId: string;
  scenarioId: string | null;
  /** The scenario's title when it is still installed. */
  scenarioTitle: string | null;
  sessionId: string | null;
  specific: string;
  measurable: string;
  achievable: string;
  relevant: string;
  time_bound: string;
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
