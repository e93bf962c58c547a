import type { SliceCreator } from './types';

/** State and actions of the data-care area (filled in by its feature work). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface DataCareSlice {}

export const createDataCareSlice: SliceCreator<DataCareSlice> = () => ({});
