import { z } from 'zod';

/** IPC channels of the data-care area (filled in by its feature work). */
export const dataCareChannels = {} as const satisfies Record<string, { input: z.ZodType; output: unknown }>;
