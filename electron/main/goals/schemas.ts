import { z } from 'zod';
import { goalStatuses } from '../../../shared/goals/types';

/**
 * Inputs of the personal SMART goal operations, for IPC to validate with before calling
 * the goals functions (which validate again).
 */

const field = z.string().trim().min(1, 'must not be empty').max(1000);

export const goalStatusSchema = z.enum(goalStatuses);
export type { GoalStatus } from '../../../shared/goals/types';

export const goalIdSchema = z.string().min(1).max(100);

/** The five SMART fields. */
export const smartFieldsSchema = z.strictObject({
  specific: field,
  measurable: field,
  achievable: field,
  relevant: field,
  time_bound: field,
});

export const createGoalInputSchema = smartFieldsSchema.extend({
  /** The session the goal came out of (its scenario is recorded too). */
  sessionId: z.string().min(1).max(100).optional(),
});
export type CreateGoalInput = z.infer<typeof createGoalInputSchema>;

/** Any of the five fields and the status; at least one. */
export const updateGoalInputSchema = smartFieldsSchema
  .partial()
  .extend({ status: goalStatusSchema.optional() })
  .refine((patch) => Object.values(patch).some((value) => value !== undefined), { message: 'nothing to change: give at least one field or the status' });
export type UpdateGoalInput = z.infer<typeof updateGoalInputSchema>;

export const checkinInputSchema = z.strictObject({
  progress: z.number().int('must be a whole number').min(0).max(100),
  note: z.string().trim().max(2000).nullish(),
});
export type CheckinInput = z.input<typeof checkinInputSchema>;
