import { z } from 'zod';

/** IPC channels of the dashboard area (filled in by its feature work). */
export const dashboardChannels = {} as const satisfies Record<string, { input: z.ZodType; output: unknown }>;
