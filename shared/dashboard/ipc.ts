import { z } from 'zod';
import type { SessionView } from '../training/types';
import { output } from '../ipc/output';
import type { DashboardOverview, SessionPage } from './types';

/**
 * A date-range bound: a calendar date (`2026-03-01`, that UTC day) or an instant with a
 * time zone (`2026-03-01T00:00:00.000+01:00`). The screen sends instants computed in the
 * user's time zone, so "1 March" means their 1 March.
 */
const dateBound = z.union([z.iso.date(), z.iso.datetime({ offset: true })]).nullable().optional();
const id = z.string().trim().min(1).max(200);

/** Which sessions the dashboard covers; every field optional (null or absent = any). */
export const dashboardFiltersSchema = z.strictObject({
  from: dateBound,
  to: dateBound,
  scenarioId: id.nullable().optional(),
  userId: z.uuid().nullable().optional(),
});

const sessionStatus = z.enum(['created', 'in_progress', 'completed', 'abandoned', 'error']);

/** Bounds of one page of the session list. */
export const SESSION_PAGE_MAX = 100;

/** Facilitator dashboard and session review (SPEC 6). Every channel needs a facilitator or trainer profile. */
export const dashboardChannels = {
  /** Headline numbers, per-scenario and per-trainee figures, score distribution, flagged sessions, filter choices. */
  'dashboard.overview': { input: dashboardFiltersSchema, output: output<DashboardOverview>() },
  /** One page of the matching sessions (to pick one to review), newest start first. */
  'dashboard.sessions': {
    input: z.strictObject({
      filters: dashboardFiltersSchema,
      status: sessionStatus.optional(),
      limit: z.number().int().min(1).max(SESSION_PAGE_MAX),
      offset: z.number().int().min(0).max(10_000_000),
    }),
    output: output<SessionPage>(),
  },
  /** Anyone's session as the trainee saw it (transcript, feedback, risks, summary), read-only. */
  'review.get': { input: z.strictObject({ sessionId: z.uuid() }), output: output<SessionView>() },
  /** A facilitator's score and comment on one step, stored as `manual` feedback the trainee sees. Returns the session again. */
  'review.addManualFeedback': {
    input: z.strictObject({
      sessionId: z.uuid(),
      stepId: z.string().min(1).max(100),
      score: z.number().int('a whole number from 0 to 100').min(0).max(100),
      comment: z.string().trim().min(1, 'write a comment for the trainee').max(5_000),
    }),
    output: output<SessionView>(),
  },
} as const;
