import { z } from 'zod';

/** IPC channels of the workshop area (filled in by its feature work). */
export const workshopChannels = {} as const satisfies Record<string, { input: z.ZodType; output: unknown }>;
