import { z } from 'zod';

/**
 * User-adjustable settings with their defaults. Stored one row per key in the `settings`
 * table; a key that was never set reads as its default, and a stored value that no longer
 * validates (older app, hand edit) falls back to the default instead of breaking start-up.
 */
export const settingsSchema = z.object({
  theme: z.enum(['system', 'light', 'dark']).default('system'),
  /** How many document chunks retrieval hands to the LLM judge/persona. */
  retrievalTopK: z.number().int().min(1).max(10).default(3),
  /** Abandoned sessions older than this many days are pruned; 0 keeps them forever. */
  retentionAbandonedDays: z.number().int().min(0).max(3650).default(90),
  /** Activity rows older than this many days are pruned; 0 keeps them forever. */
  retentionActivityDays: z.number().int().min(0).max(3650).default(365),
  /** Extra safety phrases matched in every scenario, on top of each scenario's own. */
  riskPhrases: z.array(z.string().trim().min(1).max(200)).max(500).default([]),
  riskResources: z.array(z.string().trim().min(1).max(2000)).max(50).default([]),
});

export type Settings = z.infer<typeof settingsSchema>;
export type SettingKey = keyof Settings;
export const settingsPatchSchema = settingsSchema.partial().strict();
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;
export const defaultSettings: Settings = settingsSchema.parse({});
