import { sql, type Kysely } from 'kysely';
import { AppError } from '../../../shared/errors';
import type { Scenario } from '../../../shared/scenario/schema';
import {
  SNIPPET_MARK_END,
  SNIPPET_MARK_START,
  type DocumentContent,
  type DocumentSearchHit,
  type DocumentSummary,
  type ScenarioDetail,
  type ScenarioSummary,
} from '../../../shared/scenario/types';
import type { Database, ScenarioRow } from '../db/schema';
import { retrievalMatchExpression, searchMatchExpression } from './fts-query';

type SummaryRow = Pick<
  ScenarioRow,
  'id' | 'title' | 'description' | 'domain' | 'version' | 'difficulty' | 'duration_minutes' | 'tags_json' | 'variant' | 'origin'
> & { step_count: number; document_count: number };

function parseTags(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((tag): tag is string => typeof tag === 'string') : [];
  } catch {
    return [];
  }
}

function toSummary(row: SummaryRow): ScenarioSummary {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    domain: row.domain,
    version: row.version,
    difficulty: row.difficulty,
    durationMinutes: row.duration_minutes,
    tags: parseTags(row.tags_json),
    variant: row.variant,
    origin: row.origin,
    stepCount: row.step_count,
    documentCount: row.document_count,
  };
}

function summaries(db: Kysely<Database>) {
  return db
    .selectFrom('scenarios as s')
    .select([
      's.id',
      's.title',
      's.description',
      's.domain',
      's.version',
      's.difficulty',
      's.duration_minutes',
      's.tags_json',
      's.variant',
      's.origin',
      sql<number>`coalesce(json_array_length(s.definition_json, '$.steps'), 0)`.as('step_count'),
      (eb) =>
        eb
          .selectFrom('documents as d')
          .whereRef('d.scenario_id', '=', 's.id')
          .select((inner) => inner.fn.countAll<number>().as('n'))
          .as('document_count'),
    ]);
}

/** Every loaded scenario, ordered by title. */
export async function listScenarios(db: Kysely<Database>): Promise<ScenarioSummary[]> {
  const rows = await summaries(db).orderBy('s.title').orderBy('s.id').execute();
  return rows.map((row) => toSummary({ ...row, document_count: Number(row.document_count ?? 0) }));
}

/** One scenario with its full definition and its documents. Throws NOT_FOUND. */
export async function getScenario(db: Kysely<Database>, id: string): Promise<ScenarioDetail> {
  const row = await summaries(db).select('s.definition_json').where('s.id', '=', id).executeTakeFirst();
  if (!row) {
    throw new AppError('NOT_FOUND', `There is no scenario with the id "${id}". It may have been removed or renamed; reload the content.`);
  }
  const documents = await db
    .selectFrom('documents')
    .select(['id', 'title', 'path', 'format'])
    .where('scenario_id', '=', id)
    .orderBy('id')
    .execute();
  return {
    summary: toSummary({ ...row, document_count: Number(row.document_count ?? 0) }),
    definition: JSON.parse(row.definition_json) as Scenario,
    documents: documents satisfies DocumentSummary[],
  };
}

/** One document with its full text. Throws NOT_FOUND. */
export async function getDocument(db: Kysely<Database>, id: number): Promise<DocumentContent> {
  const row = await db
    .selectFrom('documents')
    .select(['id', 'scenario_id', 'title', 'path', 'format', 'content'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) {
    throw new AppError('NOT_FOUND', `There is no document with the id ${id}. Its scenario may have been reloaded; open the document again from the scenario.`);
  }
  return { id: row.id, scenarioId: row.scenario_id, title: row.title, path: row.path, format: row.format, content: row.content };
}

export interface SearchDocumentsInput {
  query: string;
  scenarioId?: string;
  limit?: number;
}

function clampLimit(value: unknown, fallback: number, max: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? Math.min(max, Math.max(1, Math.floor(value))) : fallback;
}

/**
 * Full-text search over document chunks, best first (bm25; headings weigh double).
 * Accepts any input: it is reduced to quoted word tokens (see fts-query.ts), and input
 * without words returns no hits. Matched terms in `snippet` are wrapped in
 * SNIPPET_MARK_START / SNIPPET_MARK_END.
 */
export async function searchDocuments(db: Kysely<Database>, input: SearchDocumentsInput): Promise<DocumentSearchHit[]> {
  const match = searchMatchExpression(input.query);
  if (match === null) return [];
  const limit = clampLimit(input.limit, 20, 50);
  const scenarioFilter = input.scenarioId === undefined ? sql`` : sql`AND d.scenario_id = ${input.scenarioId}`;
  // `ORDER BY rank` (with the bm25 weights given through `rank MATCH`) lets FTS5 return
  // rows already ranked, so SQLite needs no sorter and computes joins and snippets only
  // for the rows it returns, not for every match.
  const { rows } = await sql<DocumentSearchHit>`
    SELECT c.id AS "chunkId",
           c.document_id AS "documentId",
           d.scenario_id AS "scenarioId",
           d.title AS "documentTitle",
           c.heading AS "heading",
           snippet(document_chunks_fts, 1, ${SNIPPET_MARK_START}, ${SNIPPET_MARK_END}, '…', 24) AS "snippet"
      FROM document_chunks_fts
      JOIN document_chunks c ON c.id = document_chunks_fts.rowid
      JOIN documents d ON d.id = c.document_id
     WHERE document_chunks_fts MATCH ${match} AND rank MATCH 'bm25(2.0, 1.0)' ${scenarioFilter}
     ORDER BY rank
     LIMIT ${limit}`.execute(db);
  return rows;
}

export interface RetrievedChunk {
  chunkId: number;
  documentId: number;
  documentTitle: string;
  heading: string;
  content: string;
  /** bm25 score; lower is more relevant (SQLite's convention). */
  score: number;
}

export interface RetrieveChunksInput {
  scenarioId: string;
  /** Free text (a trainee's message, a step goal) to find related passages for. */
  text: string;
  k?: number;
}

/**
 * The k chunks of a scenario's documents most related to `text` (any of its words may
 * match, ranked by bm25), for grounding LLM prompts. Accepts any text.
 */
export async function retrieveChunks(db: Kysely<Database>, input: RetrieveChunksInput): Promise<RetrievedChunk[]> {
  const match = retrievalMatchExpression(input.text);
  if (match === null) return [];
  const k = clampLimit(input.k, 5, 50);
  const { rows } = await sql<RetrievedChunk>`
    SELECT c.id AS "chunkId",
           c.document_id AS "documentId",
           d.title AS "documentTitle",
           c.heading AS "heading",
           c.content AS "content",
           bm25(document_chunks_fts, 2.0, 1.0) AS "score"
      FROM document_chunks_fts
      JOIN document_chunks c ON c.id = document_chunks_fts.rowid
      JOIN documents d ON d.id = c.document_id
     WHERE document_chunks_fts MATCH ${match} AND d.scenario_id = ${input.scenarioId}
     ORDER BY 6, c.id
     LIMIT ${k}`.execute(db);
  return rows;
}
