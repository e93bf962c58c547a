import type { Kysely } from 'kysely';
import type { CohortExportFormat } from '../../../shared/workshop/types';
import type { Database } from '../db/schema';
import { writeFileAtomic } from '../data-care/files';
import { logActivity } from '../training/activity-log';
import { cohortCsvLines } from './cohort-csv';
import { resolveFilters, type CohortFilters } from './filters';
import { xapiJsonChunks, type XapiOptions } from './xapi';

export type { CohortExportFormat };

export interface CohortExportRequest {
  format: CohortExportFormat;
  /** Absolute path the user chose. Written atomically (complete or not at all). */
  out: string;
  filters?: CohortFilters;
  /** xAPI only. */
  xapi?: XapiOptions;
  /** Who exported (recorded in the activity log), if known. */
  userId?: string | null;
}

export interface CohortExportResult {
  path: string;
  format: CohortExportFormat;
  bytes: number;
  /** CSV: data rows (sessions); xAPI: statements. */
  records: number;
}

/**
 * Writes the cohort CSV or the xAPI statement array to `out` and logs `export_generated`
 * (details: kind, format, records, bytes and the filters; nobody's text).
 */
export async function exportCohort(db: Kysely<Database>, request: CohortExportRequest): Promise<CohortExportResult> {
  const filters = request.filters ?? {};
  resolveFilters(filters); // bad dates fail before a file is created
  let records = 0;
  let chunks: AsyncIterable<string>;
  if (request.format === 'csv') {
    chunks = (async function* () {
      let header = true;
      for await (const line of cohortCsvLines(db, filters)) {
        if (header) header = false;
        else records++;
        yield line;
      }
    })();
  } else {
    chunks = (async function* () {
      for await (const chunk of xapiJsonChunks(db, filters, request.xapi ?? {})) {
        if (chunk.startsWith('\n{') || chunk.startsWith(',\n{')) records++;
        yield chunk;
      }
    })();
  }
  const bytes = await writeFileAtomic(request.out, chunks);
  await logActivity(db, {
    type: 'export_generated',
    userId: request.userId ?? null,
    details: {
      kind: request.format === 'csv' ? 'cohort_csv' : 'xapi_statements',
      format: request.format,
      records,
      bytes,
      filters: { from: filters.from ?? null, to: filters.to ?? null, scenarioId: filters.scenarioId ?? null, userId: filters.userId ?? null },
    },
  });
  return { path: request.out, format: request.format, bytes, records };
}
