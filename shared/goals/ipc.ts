import { z } from 'zod';
import { output } from '../ipc/output';
import { goalStatuses, type CheckinResult, type GoalDetail, type GoalView, type ScenarioLocks, type TrackView } from './types';

const goalId = z.uuid();
const smartText = z.string().trim().min(1, 'must not be empty').max(1_000);

/** The five SMART fields of a goal, each a short sentence. */
const smartFields = {
  specific: smartText,
  measurable: smartText,
  achievable: smartText,
  relevant: smartText,
  time_bound: smartText,
};

/** Progress of a check-in: a whole percentage. */
export const checkinProgress = z.number().int('progress must be a whole number').min(0, 'progress is at least 0').max(100, 'progress is at most 100');
export const CHECKIN_NOTE_MAX = 2_000;

/**
 * Personal SMART goals and tracks (SPEC 5.4). Every channel acts for the active profile:
 * a goal of anyone else is answered exactly like a goal that does not exist (NOT_FOUND).
 */
export const goalsChannels = {
  /** The active profile's goals: open ones first, then achieved, then abandoned. */
  'goals.list': { input: z.undefined(), output: output<GoalView[]>() },
  'goals.get': { input: z.strictObject({ goalId }), output: output<GoalDetail>() },
  /** A new active goal; from a session's summary it also records that session's scenario. */
  'goals.create': {
    input: z.strictObject({ sessionId: z.uuid().optional(), ...smartFields }),
    output: output<GoalView>(),
  },
  /** Changes any of the SMART fields and/or the status (at least one). */
  'goals.update': {
    input: z
      .strictObject({
        goalId,
        specific: smartText.optional(),
        measurable: smartText.optional(),
        achievable: smartText.optional(),
        relevant: smartText.optional(),
        time_bound: smartText.optional(),
        status: z.enum(goalStatuses).optional(),
      })
      .refine(({ goalId: _id, ...patch }) => Object.values(patch).some((value) => value !== undefined), {
        message: 'nothing to change: give at least one field or the status',
      }),
    output: output<GoalView>(),
  },
  'goals.delete': { input: z.strictObject({ goalId }), output: output<{ goalId: string }>() },
  /** Records progress (0–100) with an optional note. */
  'goals.checkin': {
    input: z.strictObject({ goalId, progress: checkinProgress, note: z.string().trim().max(CHECKIN_NOTE_MAX).nullish() }),
    output: output<CheckinResult>(),
  },
  /** Every track of every pack, with the active profile's progress through it. */
  'tracks.list': { input: z.undefined(), output: output<TrackView[]>() },
  /** Scenario id → why the active profile cannot start it yet (cheap enough for every library visit). */
  'tracks.locks': { input: z.undefined(), output: output<ScenarioLocks>() },
} as const satisfies Record<string, { input: z.ZodType; output: unknown }>;
