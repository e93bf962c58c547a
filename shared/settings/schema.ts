import { z } from 'zod';

/**
 * User-adjustable settings. Stored one row per key in the `settings` table; a key that was
 * never set reads as its default, and a stored value that no longer validates (older app,
 * hand edit) falls back to the default instead of breaking start-up.
 */
const settingFields = {
  theme: z.enum(['system', 'light', 'dark']),
  /** How many document chunks retrieval hands to the LLM judge/persona. */
  retrievalTopK: z.number().int().min(1).max(10),
  /** Abandoned sessions older than this many days are pruned; 0 keeps them forever. */
  retentionAbandonedDays: z.number().int().min(0).max(3650),
  /** Activity rows older than this many days are pruned; 0 keeps them forever. */
  retentionActivityDays: z.number().int().min(0).max(3650),
  /** Apply the two retention settings every time the app starts (off: only with "Prune now"). */
  retentionPruneAtStartup: z.boolean(),
  /** Extra safety phrases matched in every scenario, on top of each scenario's own. */
  riskPhrases: z.array(z.string().trim().min(1).max(200)).max(500),
  riskResources: z.array(z.string().trim().min(1).max(2000)).max(50),
};

export type Settings = { [K in keyof typeof settingFields]: z.infer<(typeof settingFields)[K]> };
export type SettingKey = keyof Settings;

export const defaultSettings: Settings = {
  theme: 'system',
  retrievalTopK: 3,
  retentionAbandonedDays: 90,
  retentionActivityDays: 365,
  retentionPruneAtStartup: false,
  // First-person crisis language only, so a trainee's appropriate question ("are you
  // thinking about suicide?") is not itself flagged; scenarios add their own phrases.
  riskPhrases: ['kill myself', 'end my life', 'want to die', 'hurt myself', 'no reason to live', 'better off dead'],
  riskResources: ['If you or someone else is in immediate danger, call your local emergency number now.'],
};

/**
 * Settings that change what happens to everyone's data or training (retention, safety
 * language, retrieval): only a facilitator or trainer may change them once such a
 * profile exists. The theme is anyone's.
 */
export const facilitatorSettingKeys: readonly SettingKey[] = [
  'retrievalTopK',
  'retentionAbandonedDays',
  'retentionActivityDays',
  'retentionPruneAtStartup',
  'riskPhrases',
  'riskResources',
];

/** Validates one stored or submitted value for a key. */
export const settingSchemas: { [K in SettingKey]: z.ZodType<Settings[K]> } = settingFields;

/** What `settings.set` accepts: any subset of keys; unknown keys are refused. No defaults here, so unset keys stay as they are. */
export const settingsPatchSchema = z.strictObject(settingFields).partial();
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;
