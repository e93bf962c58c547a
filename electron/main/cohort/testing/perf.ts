import { rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { checkDatabase } from '../../data-care/integrity';
import { backupDatabase } from '../../data-care/backup';
import { openDatabase, type AppDatabase } from '../../db/open-database';
import { collectBundlePayload, exportBundle } from '../../workshop/bundle-export';
import { bundleTables, type BundlePayload } from '../../workshop/bundle-format';
import { bundleColumns, sqlTable } from '../../workshop/bundle-tables';
import { importBundle } from '../../workshop/bundle-import';
import { cohortCsvLines } from '../cohort-csv';
import { exportCohort } from '../cohort-export';
import { cohortTotals, dashboardFilterOptions, dashboardQueryPlans, flaggedSessions, listSessions, loadDashboard, scenarioStats, scoreDistribution, traineeProgress } from '../dashboard';
import type { CohortFilters } from '../filters';
import { generateCohort } from './generate-cohort';

/**
 * Hand-run performance checks for the people/cohort/workshop/data-care features (and the
 * building blocks for `npm run bench`): each function sets up its own data in `workDir`
 * and returns plain JSON-able numbers with the target they are checked against.
 */

/** Indexes proposed for a future migration (see the report); `benchDashboard` can measure with them. */
export const proposedIndexes = [
  `CREATE INDEX IF NOT EXISTS idx_sessions_report ON sessions(scenario_id, status, total_score, passed, flagged, started_at, completed_at, user_id, last_activity_at)`,
  `CREATE INDEX IF NOT EXISTS idx_sessions_user_report ON sessions(user_id, status, total_score, passed, flagged, started_at, completed_at, last_activity_at)`,
  `CREATE INDEX IF NOT EXISTS idx_sessions_flagged ON sessions(last_activity_at) WHERE flagged = 1`,
  `CREATE INDEX IF NOT EXISTS idx_risk_message ON risk_detections(message_id)`,
];

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  const r = (x: number) => Math.round(x * 100) / 100;
  return { runs: sorted.length, minMs: r(sorted[0]!), medianMs: r(at(0.5)), p95Ms: r(at(0.95)), maxMs: r(sorted.at(-1)!) };
}

async function measure(fn: () => Promise<unknown>, runs: number) {
  await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  return stats(samples);
}

export interface DashboardBenchOptions {
  sessions?: number;
  messagesPerSession?: number;
  runs?: number;
  /** Also measure after creating `proposedIndexes`. */
  withProposedIndexes?: boolean;
  log?: (text: string) => void;
}

/** A database with the dashboard-sized cohort (default 10,000 sessions, ~1,000,000 messages). */
export async function seedBigCohort(path: string, options: { sessions?: number; messagesPerSession?: number; log?: (text: string) => void } = {}) {
  const database = await openDatabase(path);
  const started = performance.now();
  const cohort = generateCohort(database, { sessions: options.sessions ?? 10_000, messagesPerSession: options.messagesPerSession ?? 104, trainees: 200, scenarios: 12 });
  options.log?.(`generated ${cohort.counts.sessions} sessions / ${cohort.counts.messages} messages in ${Math.round(performance.now() - started)} ms`);
  return { database, cohort };
}

async function dashboardTimings(database: AppDatabase, runs: number) {
  const db = database.db;
  const filterSets: [string, CohortFilters][] = [
    ['all', {}],
    ['month', { from: '2026-02-01', to: '2026-02-28' }],
    ['scenario', { scenarioId: 'gen.scenario-003.v1' }],
  ];
  const result: Record<string, Record<string, ReturnType<typeof stats>>> = {};
  for (const [label, filters] of filterSets) {
    result[label] = {
      cohortTotals: await measure(() => cohortTotals(db, filters), runs),
      filterOptions: await measure(() => dashboardFilterOptions(db), runs),
      scenarioStats: await measure(() => scenarioStats(db, filters), runs),
      traineeProgress: await measure(() => traineeProgress(db, filters), runs),
      scoreDistribution: await measure(() => scoreDistribution(db, filters), runs),
      flaggedSessions: await measure(() => flaggedSessions(db, filters), runs),
      listSessions: await measure(() => listSessions(db, filters), runs),
      loadDashboard: await measure(() => loadDashboard(db, filters), runs),
    };
  }
  return result;
}

function queryPlans(database: AppDatabase): Record<string, string[]> {
  const plans = dashboardQueryPlans(database, {});
  for (const [name, plan] of Object.entries(dashboardQueryPlans(database, { from: '2026-02-01', to: '2026-02-28' }))) plans[`${name} (month)`] = plan;
  const flaggedPhrases = database.sqlite.prepare(`EXPLAIN QUERY PLAN SELECT DISTINCT r.phrase FROM risk_detections r WHERE r.session_id = ? ORDER BY r.phrase`).all('x') as { detail: string }[];
  plans.flaggedPhrasesPerSession = flaggedPhrases.map((row) => row.detail);
  return plans;
}

/** Dashboard queries at 10,000 sessions / ~1,000,000 messages: target < 50 ms each. */
export async function benchDashboard(workDir: string, options: DashboardBenchOptions = {}) {
  const runs = options.runs ?? 20;
  const { database, cohort } = await seedBigCohort(join(workDir, 'dashboard.db'), options);
  try {
    const current = await dashboardTimings(database, runs);
    const plans = queryPlans(database);
    const result: {
      sessions: number;
      messages: number;
      currentSchema: typeof current;
      plans: Record<string, string[]>;
      withProposedIndexes?: typeof current;
      plansWithProposedIndexes?: Record<string, string[]>;
    } = { sessions: cohort.counts.sessions, messages: cohort.counts.messages, currentSchema: current, plans };
    if (options.withProposedIndexes) {
      for (const statement of proposedIndexes) database.sqlite.exec(statement);
      result.withProposedIndexes = await dashboardTimings(database, runs);
      result.plansWithProposedIndexes = queryPlans(database);
    }
    const worst = Math.max(...Object.values(current).flatMap((byQuery) => Object.entries(byQuery).filter(([name]) => name !== 'loadDashboard').map(([, s]) => s.medianMs)));
    return { ...result, target: 'each dashboard query < 50 ms (median) at 10,000 sessions / 1,000,000 messages', worstMedianMs: worst, pass: worst < 50, database };
  } catch (error) {
    await database.close();
    throw error;
  }
}

/** Cohort CSV and xAPI of every session in `database`: target CSV of 10,000 sessions well under 2 s. */
export async function benchCohortExport(database: AppDatabase, workDir: string) {
  let start = performance.now();
  let lines = 0;
  for await (const _line of cohortCsvLines(database.db)) lines++;
  const generateMs = performance.now() - start;
  start = performance.now();
  const csv = await exportCohort(database.db, { format: 'csv', out: join(workDir, 'cohort.csv') });
  const csvMs = performance.now() - start;
  start = performance.now();
  const xapi = await exportCohort(database.db, { format: 'xapi', out: join(workDir, 'statements.json') });
  const xapiMs = performance.now() - start;
  return {
    csv: { rows: csv.records, bytes: csv.bytes, generateOnlyMs: Math.round(generateMs), toFileMs: Math.round(csvMs), lines },
    xapi: { statements: xapi.records, bytes: xapi.bytes, toFileMs: Math.round(xapiMs) },
    target: 'cohort CSV of 10,000 sessions < 2 s',
    pass: csvMs < 2_000,
  };
}

/**
 * The floor for an import: the same rows inserted with plain prepared statements in one
 * transaction into an empty database (no decoding, checks or merge rules).
 */
async function rawInsertFloor(path: string, payload: BundlePayload): Promise<number> {
  const database = await openDatabase(path);
  try {
    const start = performance.now();
    database.sqlite.transaction(() => {
      for (const table of bundleTables) {
        const columns = bundleColumns[table];
        const insert = database.sqlite.prepare(`INSERT INTO ${sqlTable[table]} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
        for (const row of payload[table].rows) insert.run(row);
      }
    })();
    return performance.now() - start;
  } finally {
    await database.close();
  }
}

/** Bundle export and import of 1,000 sessions × ~100 messages: target import < 5 s. */
export async function benchBundle(workDir: string, options: { sessions?: number; messagesPerSession?: number } = {}) {
  const source = await openDatabase(join(workDir, 'bundle-source.db'));
  const target = await openDatabase(join(workDir, 'bundle-target.db'));
  try {
    const cohort = generateCohort(source, { sessions: options.sessions ?? 1_000, messagesPerSession: options.messagesPerSession ?? 100, trainees: 30, prefix: 'bundle' });
    const file = join(workDir, 'workshop.ctbundle');
    let start = performance.now();
    const exported = await exportBundle(source, { out: file, appVersion: 'bench' });
    const exportMs = performance.now() - start;
    start = performance.now();
    const first = await importBundle(target, file);
    const importMs = performance.now() - start;
    start = performance.now();
    const again = await importBundle(target, file);
    const reimportMs = performance.now() - start;
    const rawMs = await rawInsertFloor(join(workDir, 'bundle-raw.db'), await collectBundlePayload(source, {}));
    return {
      sessions: cohort.counts.sessions,
      rows: exported.manifest.counts,
      fileBytes: statSync(file).size,
      exportMs: Math.round(exportMs),
      importMs: Math.round(importMs),
      rawInsertFloorMs: Math.round(rawMs),
      importVsRawInsert: Math.round((importMs / rawMs) * 100) / 100,
      reimportMs: Math.round(reimportMs),
      importedSessions: first.counts.sessions.inserted,
      reimportChanged: Object.values(again.counts).reduce((sum, c) => sum + c.inserted + c.updated, 0),
      target: 'import of 1,000 sessions (~100 messages each) < 5 s',
      pass: importMs < 5_000,
    };
  } finally {
    await source.close();
    await target.close();
  }
}

/** Backup and quick check of a big database (informational). */
export async function benchDataCare(database: AppDatabase, workDir: string) {
  const out = join(workDir, 'backup.db');
  const start = performance.now();
  const backup = await backupDatabase(database, out);
  const backupMs = performance.now() - start;
  const check = await checkDatabase(database);
  rmSync(out, { force: true });
  return { databaseBytes: statSync(database.path).size, backupMs: Math.round(backupMs), backupBytes: backup.bytes, quickCheckMs: check.durationMs, quickCheckOk: check.ok };
}
