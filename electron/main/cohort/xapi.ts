import { sql, type Kysely, type RawBuilder } from 'kysely';
import { AppError } from '../../../shared/errors';
import type { Database } from '../db/schema';
import { resolveFilters, sessionWhere, type CohortFilters } from './filters';
import { isUuid, uuidV5 } from './uuid';

/**
 * xAPI 1.0.3 statements for completed sessions (SPEC 6), for a trainer's LMS/LRS.
 *
 * Per completed session: one `completed` statement, plus one `passed` or `failed`
 * statement when the session has a pass/fail outcome (`sessions.passed` not null).
 *
 * - actor: `{ objectType: 'Agent', name: <display name>, account: { homePage, name: <profile id> } }`
 *   (homePage configurable, default https://chattrain.local/profiles);
 * - verb: ADL `http://adlnet.gov/expapi/verbs/completed|passed|failed` with an en-US display;
 * - object: Activity `<activityBase>/<scenario id>` (default base https://chattrain.local/scenarios),
 *   definition name/description from the scenario version played, type
 *   `http://adlnet.gov/expapi/activities/simulation`;
 * - result: `score { scaled: total/100, raw: total, min: 0, max: 100 }`, `success`
 *   (passed), `completion: true`, `duration` ISO 8601 (e.g. PT12M30S) from start to end;
 * - context: `registration` = session id (a UUID; a non-UUID id is mapped to a v5 UUID),
 *   `platform` 'ChatTrain', `revision` = scenario version, extensions with variant,
 *   completion reason and scenario checksum;
 * - timestamp: `completed_at` (UTC, milliseconds); `version` '1.0.3';
 * - id: a v5 UUID of `<session id>/<verb>`, so exporting again gives the same ids (an LRS
 *   then recognises duplicates instead of storing them twice).
 */

export const XAPI_VERSION = '1.0.3';
/** Namespace of the statement ids (v5 UUIDs); fixed forever so re-exports keep their ids. */
export const XAPI_ID_NAMESPACE = 'f113513a-3be2-42f6-bc49-9ff21c06f902';

export const xapiVerbs = {
  completed: 'http://adlnet.gov/expapi/verbs/completed',
  passed: 'http://adlnet.gov/expapi/verbs/passed',
  failed: 'http://adlnet.gov/expapi/verbs/failed',
} as const;
export type XapiVerb = keyof typeof xapiVerbs;

export const SIMULATION_ACTIVITY_TYPE = 'http://adlnet.gov/expapi/activities/simulation';

export interface XapiOptions {
  /** account.homePage of every actor. Default https://chattrain.local/profiles. */
  homePage?: string;
  /** Activity ids are `<activityBase>/<scenario id>`. Default https://chattrain.local/scenarios. */
  activityBase?: string;
  /** Context extension keys are `<extensionBase>/<name>`. Default https://chattrain.local/xapi/extensions. */
  extensionBase?: string;
  /** context.platform. Default 'ChatTrain'. */
  platform?: string;
  /** Language tag of display texts. Default 'en-US'. */
  language?: string;
}

export const xapiDefaults: Required<XapiOptions> = {
  homePage: 'https://chattrain.local/profiles',
  activityBase: 'https://chattrain.local/scenarios',
  extensionBase: 'https://chattrain.local/xapi/extensions',
  platform: 'ChatTrain',
  language: 'en-US',
};

export type LanguageMap = Record<string, string>;

export interface XapiStatement {
  id: string;
  actor: { objectType: 'Agent'; name: string; account: { homePage: string; name: string } };
  verb: { id: string; display: LanguageMap };
  object: {
    objectType: 'Activity';
    id: string;
    definition: { name: LanguageMap; description: LanguageMap; type: string };
  };
  result: {
    score?: { scaled: number; raw: number; min: number; max: number };
    success?: boolean;
    completion: boolean;
    duration?: string;
  };
  context: {
    registration: string;
    platform: string;
    revision: string;
    language?: string;
    extensions: Record<string, string | number | boolean | null>;
  };
  timestamp: string;
  version: string;
}

/** Whole seconds as an ISO 8601 duration: 750 → PT12M30S, 0 → PT0S, 3725 → PT1H2M5S. */
export function isoDuration(totalSeconds: number): string {
  const seconds = Math.max(0, Math.round(totalSeconds));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  if (seconds === 0) return 'PT0S';
  return `PT${h ? `${h}H` : ''}${m ? `${m}M` : ''}${s ? `${s}S` : ''}`;
}

const absoluteIri = /^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>"{}|\\^`]+$/;
export const isAbsoluteIri = (value: unknown): value is string => typeof value === 'string' && absoluteIri.test(value);

function resolveOptions(options: XapiOptions): Required<XapiOptions> {
  const merged = { ...xapiDefaults, ...Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) } as Required<XapiOptions>;
  for (const key of ['homePage', 'activityBase', 'extensionBase'] as const) {
    if (!isAbsoluteIri(merged[key]) || !/^https?:\/\//i.test(merged[key])) {
      throw new AppError('BAD_INPUT', `${key} must be an absolute http(s) IRI such as ${xapiDefaults[key]} (got "${merged[key]}").`);
    }
    merged[key] = merged[key].replace(/\/+$/, '');
  }
  if (!merged.platform.trim()) throw new AppError('BAD_INPUT', 'platform must not be empty.');
  return merged;
}

/** What a statement is built from: one completed session and the scenario version it was played from. */
export interface XapiSessionFacts {
  sessionId: string;
  userId: string;
  displayName: string;
  scenarioId: string;
  scenarioVersion: string;
  scenarioChecksum: string;
  scenarioTitle: string;
  scenarioDescription: string;
  variant: string;
  completionReason: string | null;
  startedAt: string | null;
  completedAt: string;
  totalScore: number | null;
  passed: number | null;
}

/** The session's statements: `completed`, then `passed`/`failed` when there is an outcome. */
export function statementsForSession(facts: XapiSessionFacts, options: XapiOptions = {}): XapiStatement[] {
  const o = resolveOptions(options);
  const registration = isUuid(facts.sessionId) ? facts.sessionId.toLowerCase() : uuidV5(`session:${facts.sessionId}`, XAPI_ID_NAMESPACE);
  const seconds = facts.startedAt ? (Date.parse(facts.completedAt) - Date.parse(facts.startedAt)) / 1000 : null;
  const score =
    facts.totalScore === null
      ? undefined
      : { scaled: Math.round(Math.min(100, Math.max(0, facts.totalScore)) * 100) / 10_000, raw: Math.min(100, Math.max(0, facts.totalScore)), min: 0, max: 100 };
  const success = facts.passed === null ? undefined : facts.passed === 1;
  const base = (verb: XapiVerb): XapiStatement => ({
    id: uuidV5(`${facts.sessionId}/${verb}`, XAPI_ID_NAMESPACE),
    actor: { objectType: 'Agent', name: facts.displayName, account: { homePage: o.homePage, name: facts.userId } },
    verb: { id: xapiVerbs[verb], display: { [o.language]: verb } },
    object: {
      objectType: 'Activity',
      id: `${o.activityBase}/${encodeURIComponent(facts.scenarioId)}`,
      definition: {
        name: { [o.language]: facts.scenarioTitle || facts.scenarioId },
        description: { [o.language]: facts.scenarioDescription || facts.scenarioTitle || facts.scenarioId },
        type: SIMULATION_ACTIVITY_TYPE,
      },
    },
    result: {
      ...(score ? { score } : {}),
      ...(success !== undefined ? { success } : {}),
      completion: true,
      ...(seconds !== null && Number.isFinite(seconds) ? { duration: isoDuration(seconds) } : {}),
    },
    context: {
      registration,
      platform: o.platform,
      revision: facts.scenarioVersion,
      language: o.language,
      extensions: {
        [`${o.extensionBase}/variant`]: facts.variant,
        [`${o.extensionBase}/completion-reason`]: facts.completionReason,
        [`${o.extensionBase}/scenario-checksum`]: facts.scenarioChecksum,
      },
    },
    timestamp: new Date(facts.completedAt).toISOString(),
    version: XAPI_VERSION,
  });
  const statements = [base('completed')];
  if (success !== undefined) statements.push(base(success ? 'passed' : 'failed'));
  return statements;
}

interface XapiRow {
  id: string;
  user_id: string;
  display_name: string;
  scenario_id: string;
  scenario_version: string;
  scenario_checksum: string;
  variant: string;
  completion_reason: string | null;
  started_at: string | null;
  completed_at: string;
  total_score: number | null;
  passed: number | null;
}

const PAGE_SIZE = 1000;

/**
 * Statements for every completed session matching the filters (completion time order),
 * read a page at a time. Throws BAD_INPUT for invalid options before reading anything.
 */
export async function* xapiStatements(db: Kysely<Database>, filters: CohortFilters = {}, options: XapiOptions = {}): AsyncGenerator<XapiStatement> {
  const f = resolveFilters(filters);
  resolveOptions(options);
  const scenarioText = new Map<string, { title: string; description: string }>();
  let after: { completedAt: string; id: string } | null = null;
  for (;;) {
    const cursor: { completedAt: string; id: string } | null = after;
    const keyset: RawBuilder<unknown> = cursor ? sql`AND (s.completed_at > ${cursor.completedAt} OR (s.completed_at = ${cursor.completedAt} AND s.id > ${cursor.id}))` : sql``;
    const { rows }: { rows: XapiRow[] } = await sql<XapiRow>`
      SELECT s.id, s.user_id, u.display_name, s.scenario_id, s.scenario_version, s.scenario_checksum, s.variant,
        s.completion_reason, s.started_at, s.completed_at, s.total_score, s.passed
      FROM sessions s JOIN users u ON u.id = s.user_id
      WHERE s.status = 'completed' AND s.completed_at IS NOT NULL AND ${sessionWhere(f, 's')} ${keyset}
      ORDER BY s.completed_at, s.id
      LIMIT ${PAGE_SIZE}
    `.execute(db);
    const unknown = [...new Set(rows.map((row) => row.scenario_checksum).filter((checksum) => !scenarioText.has(checksum)))];
    if (unknown.length > 0) {
      const snapshots = await sql<{ checksum: string; title: string | null; description: string | null }>`
        SELECT checksum, json_extract(definition_json, '$.title') AS title, json_extract(definition_json, '$.description') AS description
        FROM scenario_versions WHERE checksum IN (SELECT value FROM json_each(${JSON.stringify(unknown)}))
      `.execute(db);
      for (const row of snapshots.rows) scenarioText.set(row.checksum, { title: String(row.title ?? ''), description: String(row.description ?? '') });
    }
    for (const row of rows) {
      const text = scenarioText.get(row.scenario_checksum) ?? { title: row.scenario_id, description: '' };
      yield* statementsForSession(
        {
          sessionId: row.id,
          userId: row.user_id,
          displayName: row.display_name,
          scenarioId: row.scenario_id,
          scenarioVersion: row.scenario_version,
          scenarioChecksum: row.scenario_checksum,
          scenarioTitle: text.title,
          scenarioDescription: text.description,
          variant: row.variant,
          completionReason: row.completion_reason,
          startedAt: row.started_at,
          completedAt: row.completed_at,
          totalScore: row.total_score,
          passed: row.passed,
        },
        options,
      );
    }
    const last: XapiRow | undefined = rows.at(-1);
    if (!last || rows.length < PAGE_SIZE) return;
    after = { completedAt: last.completed_at, id: last.id };
  }
}

/** All statements as an array (what the JSON file holds). */
export async function buildXapiStatements(db: Kysely<Database>, filters: CohortFilters = {}, options: XapiOptions = {}): Promise<XapiStatement[]> {
  const statements: XapiStatement[] = [];
  for await (const statement of xapiStatements(db, filters, options)) statements.push(statement);
  return statements;
}

/** The JSON array as text chunks (`[`, one statement per line, `]`), for streaming into a file. */
export async function* xapiJsonChunks(db: Kysely<Database>, filters: CohortFilters = {}, options: XapiOptions = {}): AsyncGenerator<string> {
  let first = true;
  yield '[';
  for await (const statement of xapiStatements(db, filters, options)) {
    yield `${first ? '\n' : ',\n'}${JSON.stringify(statement)}`;
    first = false;
  }
  yield first ? ']\n' : '\n]\n';
}

// ---------------------------------------------------------------------------------------
// Validation (used by the tests; also usable before sending statements to an LRS).

const durationPattern = /^P(?!$)(\d+(?:\.\d+)?Y)?(\d+(?:\.\d+)?M)?(\d+(?:\.\d+)?W)?(\d+(?:\.\d+)?D)?(T(?=\d)(\d+(?:\.\d+)?H)?(\d+(?:\.\d+)?M)?(\d+(?:\.\d+)?S)?)?$/;
const timestampPattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const languageTag = /^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/;
const statementKeys = new Set(['id', 'actor', 'verb', 'object', 'result', 'context', 'timestamp', 'stored', 'authority', 'attachments', 'version']);

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function checkLanguageMap(value: unknown, path: string, problems: string[], required = false): void {
  if (value === undefined) {
    if (required) problems.push(`${path} is required`);
    return;
  }
  if (!isObject(value)) {
    problems.push(`${path} must be a language map (object)`);
    return;
  }
  for (const [key, text] of Object.entries(value)) {
    if (!languageTag.test(key)) problems.push(`${path} key "${key}" is not an RFC 5646 language tag`);
    if (typeof text !== 'string') problems.push(`${path}.${key} must be a string`);
  }
}

function checkExtensions(value: unknown, path: string, problems: string[]): void {
  if (value === undefined) return;
  if (!isObject(value)) {
    problems.push(`${path} must be an object`);
    return;
  }
  for (const key of Object.keys(value)) if (!isAbsoluteIri(key)) problems.push(`${path} key "${key}" must be an absolute IRI`);
}

function checkTimestamp(value: unknown, path: string, problems: string[]): void {
  if (typeof value !== 'string' || !timestampPattern.test(value) || Number.isNaN(Date.parse(value))) {
    problems.push(`${path} must be an ISO 8601 timestamp with a time zone (e.g. 2026-03-01T09:30:00.000Z)`);
  } else if (value.endsWith('-00:00')) {
    problems.push(`${path} must not use the offset -00:00`);
  }
}

function checkActor(actor: unknown, problems: string[]): void {
  if (!isObject(actor)) {
    problems.push('actor is required and must be an object');
    return;
  }
  if (actor.objectType !== undefined && actor.objectType !== 'Agent') problems.push('actor.objectType must be "Agent"');
  if (actor.name !== undefined && typeof actor.name !== 'string') problems.push('actor.name must be a string');
  const ifis = ['mbox', 'mbox_sha1sum', 'openid', 'account'].filter((key) => actor[key] !== undefined);
  if (ifis.length !== 1) problems.push(`actor must have exactly one identifier (mbox, mbox_sha1sum, openid or account); found ${ifis.length}`);
  if (actor.account !== undefined) {
    const account = actor.account;
    if (!isObject(account)) problems.push('actor.account must be an object');
    else {
      if (!isAbsoluteIri(account.homePage)) problems.push('actor.account.homePage must be an absolute IRI');
      if (typeof account.name !== 'string' || account.name.length === 0) problems.push('actor.account.name must be a non-empty string');
    }
  }
  if (actor.mbox !== undefined && (typeof actor.mbox !== 'string' || !/^mailto:[^@\s]+@[^@\s]+$/.test(actor.mbox))) problems.push('actor.mbox must be a mailto: IRI');
}

function checkScore(score: unknown, problems: string[]): void {
  if (!isObject(score)) {
    problems.push('result.score must be an object');
    return;
  }
  const { scaled, raw, min, max } = score;
  for (const [key, value] of Object.entries({ scaled, raw, min, max })) {
    if (value !== undefined && (typeof value !== 'number' || !Number.isFinite(value))) problems.push(`result.score.${key} must be a number`);
  }
  if (typeof scaled === 'number' && (scaled < -1 || scaled > 1)) problems.push('result.score.scaled must be between -1 and 1');
  if (typeof min === 'number' && typeof max === 'number' && !(min < max)) problems.push('result.score.min must be less than result.score.max');
  if (typeof raw === 'number') {
    if (typeof min === 'number' && raw < min) problems.push('result.score.raw must not be below result.score.min');
    if (typeof max === 'number' && raw > max) problems.push('result.score.raw must not be above result.score.max');
  }
}

/**
 * Problems with a statement against the xAPI 1.0.3 rules this export relies on (an empty
 * array means valid): known top-level properties; id and context.registration UUIDs;
 * actor with exactly one identifier (account: absolute homePage IRI + name); verb id an
 * absolute IRI with a language-map display; Activity object with an absolute IRI id,
 * language-map name/description and an IRI type; result.score scaled in [−1, 1] and raw
 * within [min, max]; booleans; ISO 8601 duration; ISO 8601 timestamp with a time zone;
 * extension keys absolute IRIs; version 1.0.x.
 */
export function validateXapiStatement(statement: unknown): string[] {
  const problems: string[] = [];
  if (!isObject(statement)) return ['statement must be a JSON object'];
  for (const key of Object.keys(statement)) if (!statementKeys.has(key)) problems.push(`unknown property "${key}"`);
  if (statement.id !== undefined && !isUuid(statement.id)) problems.push('id must be a UUID');
  checkActor(statement.actor, problems);

  const verb = statement.verb;
  if (!isObject(verb)) problems.push('verb is required and must be an object');
  else {
    if (!isAbsoluteIri(verb.id)) problems.push('verb.id must be an absolute IRI');
    checkLanguageMap(verb.display, 'verb.display', problems);
  }

  const object = statement.object;
  if (!isObject(object)) problems.push('object is required and must be an object');
  else {
    if (object.objectType !== undefined && object.objectType !== 'Activity') problems.push('object.objectType must be "Activity" for this export');
    if (!isAbsoluteIri(object.id)) problems.push('object.id must be an absolute IRI');
    if (object.definition !== undefined) {
      if (!isObject(object.definition)) problems.push('object.definition must be an object');
      else {
        checkLanguageMap(object.definition.name, 'object.definition.name', problems);
        checkLanguageMap(object.definition.description, 'object.definition.description', problems);
        if (object.definition.type !== undefined && !isAbsoluteIri(object.definition.type)) problems.push('object.definition.type must be an absolute IRI');
        checkExtensions(object.definition.extensions, 'object.definition.extensions', problems);
      }
    }
  }

  if (statement.result !== undefined) {
    const result = statement.result;
    if (!isObject(result)) problems.push('result must be an object');
    else {
      if (result.score !== undefined) checkScore(result.score, problems);
      if (result.success !== undefined && typeof result.success !== 'boolean') problems.push('result.success must be a boolean');
      if (result.completion !== undefined && typeof result.completion !== 'boolean') problems.push('result.completion must be a boolean');
      if (result.duration !== undefined && (typeof result.duration !== 'string' || !durationPattern.test(result.duration))) {
        problems.push('result.duration must be an ISO 8601 duration such as PT12M30S');
      }
      if (result.response !== undefined && typeof result.response !== 'string') problems.push('result.response must be a string');
      checkExtensions(result.extensions, 'result.extensions', problems);
    }
  }

  if (statement.context !== undefined) {
    const context = statement.context;
    if (!isObject(context)) problems.push('context must be an object');
    else {
      if (context.registration !== undefined && !isUuid(context.registration)) problems.push('context.registration must be a UUID');
      if (context.platform !== undefined && typeof context.platform !== 'string') problems.push('context.platform must be a string');
      if (context.revision !== undefined && typeof context.revision !== 'string') problems.push('context.revision must be a string');
      if (context.language !== undefined && (typeof context.language !== 'string' || !languageTag.test(context.language))) problems.push('context.language must be an RFC 5646 language tag');
      checkExtensions(context.extensions, 'context.extensions', problems);
    }
  }

  if (statement.timestamp !== undefined) checkTimestamp(statement.timestamp, 'timestamp', problems);
  if (statement.stored !== undefined) checkTimestamp(statement.stored, 'stored', problems);
  if (statement.version !== undefined && (typeof statement.version !== 'string' || !/^1\.0(\.\d+)?$/.test(statement.version))) problems.push('version must be 1.0.x');
  return problems;
}
