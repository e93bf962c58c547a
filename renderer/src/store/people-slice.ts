import type { SliceCreator } from './types';

/** State and actions of the people area (filled in by its feature work). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface PeopleSlice {}

export const createPeopleSlice: SliceCreator<PeopleSlice> = () => ({});
