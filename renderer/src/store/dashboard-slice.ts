import type { SliceCreator } from './types';

/** State and actions of the dashboard area (filled in by its feature work). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface DashboardSlice {}

export const createDashboardSlice: SliceCreator<DashboardSlice> = () => ({});
