import type { SliceCreator } from './types';

/** State and actions of the goals area (filled in by its feature work). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface GoalsSlice {}

export const createGoalsSlice: SliceCreator<GoalsSlice> = () => ({});
