/** Personal SMART goals with status and check-ins (SPEC 5.4). */
export { addCheckin, createGoal, deleteGoal, getGoal, listCheckins, listGoals, updateGoal, type GoalClock } from './goals';
export {
  checkinInputSchema,
  createGoalInputSchema,
  goalIdSchema,
  goalStatusSchema,
  smartFieldsSchema,
  updateGoalInputSchema,
  type CheckinInput,
  type CreateGoalInput,
  type GoalStatus,
  type UpdateGoalInput,
} from './schemas';
export type { GoalCheckin, GoalView } from '../../../shared/goals/types';
