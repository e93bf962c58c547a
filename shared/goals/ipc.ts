import { z } from 'zod';

/** IPC channels of the goals area (filled in by its feature work). */
export const goalsChannels = {} as const satisfies Record<string, { input: z.ZodType; output: unknown }>;
