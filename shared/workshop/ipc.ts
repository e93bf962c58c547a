import { z } from 'zod';
import { fileSourceSchema } from '../files/types';
import { output } from '../ipc/output';
import type {
  BundleExportOutcome,
  BundleImportSummary,
  CohortExportOutcome,
  ContentPackItem,
  PackImportOutcome,
  PackRemoval,
  SelectionPreview,
  WorkshopFilterOptions,
} from './types';

/**
 * Which sessions an export covers. Dates bound `started_at`: `YYYY-MM-DD` (a UTC day) or
 * an ISO-8601 instant with a zone; the screen sends the instants of the user's local day.
 * Main checks the dates themselves (and refuses an empty range).
 */
export const sessionFiltersSchema = z.strictObject({
  from: z.string().trim().min(1).max(40).optional(),
  to: z.string().trim().min(1).max(40).optional(),
  scenarioId: z.string().trim().min(1).max(128).optional(),
  userId: z.string().trim().min(1).max(128).optional(),
});
export type SessionFiltersInput = z.input<typeof sessionFiltersSchema>;

const iri = z.string().trim().min(1).max(500);

/** Cohort exports, workshop bundles and content packs (SPEC 6, 7). Facilitators and trainers only. */
export const workshopChannels = {
  /** Scenarios and trainees with sessions here, for the filter menus. */
  'workshop.filterOptions': { input: z.undefined(), output: output<WorkshopFilterOptions>() },
  /** How many sessions (and xAPI statements) the filters cover; cheap, for "142 sessions will be exported". */
  'workshop.previewSelection': { input: z.strictObject({ filters: sessionFiltersSchema }), output: output<SelectionPreview>() },
  /** The cohort CSV or the xAPI 1.0.3 statements, saved where the user chooses (or downloaded). */
  'workshop.exportCohort': {
    input: z.strictObject({
      format: z.enum(['csv', 'xapi']),
      filters: sessionFiltersSchema,
      /** xAPI only: the actors' account homePage and the activity id base. */
      xapi: z.strictObject({ homePage: iri.optional(), activityBase: iri.optional() }).optional(),
    }),
    output: output<CohortExportOutcome>(),
  },
  /** A workshop bundle of the matching sessions (with their messages, feedback, summaries…). */
  'workshop.exportBundle': { input: z.strictObject({ filters: sessionFiltersSchema }), output: output<BundleExportOutcome>() },
  /** Merges a bundle into this laptop's data; null when the user cancelled the dialog. */
  'workshop.importBundle': { input: z.strictObject({ source: fileSourceSchema }), output: output<BundleImportSummary | null>() },
  'workshop.listPacks': { input: z.undefined(), output: output<ContentPackItem[]>() },
  /**
   * Validates and installs a content pack; a refused pack comes back with its located
   * problems and changes nothing. A folder needs the desktop dialog. Null when cancelled.
   */
  'workshop.importPack': {
    input: z.strictObject({ source: fileSourceSchema, kind: z.enum(['zip', 'folder']) }),
    output: output<PackImportOutcome | null>(),
  },
  'workshop.removePack': { input: z.strictObject({ packId: z.string().min(1).max(255) }), output: output<PackRemoval>() },
} as const satisfies Record<string, { input: z.ZodType; output: unknown }>;
