import type { SliceCreator } from './types';

/** State and actions of the workshop area (filled in by its feature work). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface WorkshopSlice {}

export const createWorkshopSlice: SliceCreator<WorkshopSlice> = () => ({});
