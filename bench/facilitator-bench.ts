import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createChatTrainCore } from '../electron/main/chattrain-core';
import { benchBundle, benchCohortExport, benchDashboard } from '../electron/main/cohort/testing/perf';
import { DATABASE_FILE, bundledContentDir } from '../electron/main/paths';
import { createProfile } from '../electron/main/people/profiles';
import { log, round, summarize } from './stats';

/**
 * Facilitator features at workshop scale (issue 5): the dashboard queries on 10,000
 * sessions / ~1,000,000 messages, the cohort CSV of those sessions, and a bundle import
 * of 1,000 sessions. The measuring code lives beside the features
 * (electron/main/cohort/testing/perf.ts); this file runs it and shapes the results like
 * the other entries of `npm run bench` (numbers, target, pass).
 */

const RUNS = 20;

/** The IPC handlers the dashboard screen calls, on a real core opened over the big database. */
async function handlerTimings(dataDir: string) {
  const core = await createChatTrainCore({ dataDir, bundledContentDir: bundledContentDir(), mode: 'cli', appVersion: 'bench' });
  try {
    const facilitator = await createProfile(core.database.db, { displayName: 'Bench facilitator', role: 'facilitator' });
    await core.people.switchTo(facilitator.id, null);
    const calls: Record<string, () => Promise<unknown>> = {
      overview: () => Promise.resolve(core.handlers['dashboard.overview']({})),
      overviewOneScenario: () => Promise.resolve(core.handlers['dashboard.overview']({ scenarioId: 'gen.scenario-003.v1' })),
      sessionPage: () => Promise.resolve(core.handlers['dashboard.sessions']({ filters: {}, limit: 20, offset: 0 })),
      sessionPageDeep: () => Promise.resolve(core.handlers['dashboard.sessions']({ filters: {}, limit: 20, offset: 5_000 })),
    };
    const medians: Record<string, number> = {};
    for (const [name, call] of Object.entries(calls)) {
      await call();
      const samples: number[] = [];
      for (let run = 0; run < RUNS; run++) {
        const start = performance.now();
        await call();
        samples.push(performance.now() - start);
      }
      medians[name] = summarize(samples).p50Ms;
    }
    return medians;
  } finally {
    await core.close();
  }
}

export async function benchFacilitator(workDir: string) {
  const dataDir = join(workDir, 'facilitator');
  mkdirSync(dataDir, { recursive: true });

  log('facilitator: generating 10,000 sessions / ~1,000,000 messages…');
  const started = performance.now();
  const { database, plans: _plans, currentSchema, worstMedianMs, sessions, messages } = await benchDashboard(dataDir, { runs: RUNS, log });
  const medians = Object.fromEntries(
    Object.entries(currentSchema).map(([filters, byQuery]) => [filters, Object.fromEntries(Object.entries(byQuery).map(([query, stats]) => [query, stats.medianMs]))]),
  );
  const worstP95Ms = Math.max(...Object.values(currentSchema).flatMap((byQuery) => Object.entries(byQuery).filter(([query]) => query !== 'loadDashboard').map(([, stats]) => stats.p95Ms)));

  log('facilitator: cohort CSV and xAPI export…');
  const cohort = await benchCohortExport(database, dataDir);
  const databaseBytes = database.sqlite.prepare('SELECT page_count * page_size AS n FROM pragma_page_count(), pragma_page_size()').get() as { n: number };
  await database.close();

  log('facilitator: dashboard IPC handlers on a real core…');
  for (const suffix of ['', '-wal', '-shm']) {
    if (existsSync(join(dataDir, `dashboard.db${suffix}`))) renameSync(join(dataDir, `dashboard.db${suffix}`), join(dataDir, `${DATABASE_FILE}${suffix}`));
  }
  const handlers = await handlerTimings(dataDir);
  const bigCohortMs = performance.now() - started;
  rmSync(dataDir, { recursive: true, force: true }); // half a gigabyte

  log('facilitator: workshop bundle of 1,000 sessions…');
  const bundleDir = join(workDir, 'facilitator-bundle');
  mkdirSync(bundleDir, { recursive: true });
  const bundle = await benchBundle(bundleDir);

  return {
    dashboardQueries: {
      sessions,
      messages,
      databaseMegabytes: round(databaseBytes.n / 1_000_000, 1),
      runsPerQuery: RUNS,
      /** Median ms of each query, for no filters, one month, and one scenario. */
      medianMs: medians,
      worstMedianMs: round(worstMedianMs, 2),
      worstP95Ms: round(worstP95Ms, 2),
      /** Median ms of whole IPC calls (the overview runs every query above plus the filter choices). */
      handlerMedianMs: handlers,
      setupAndMeasureSeconds: round(bigCohortMs / 1000, 1),
      target: 'each dashboard query < 50 ms (median) at 10,000 sessions / 1,000,000 messages',
      pass: worstMedianMs < 50,
    },
    cohortCsvExport: {
      sessions: cohort.csv.rows,
      bytes: cohort.csv.bytes,
      ms: cohort.csv.toFileMs,
      xapiStatements: cohort.xapi.statements,
      xapiMs: cohort.xapi.toFileMs,
      target: 'cohort CSV of 10,000 sessions < 2 s',
      pass: cohort.pass,
    },
    bundleImport: {
      sessions: bundle.sessions,
      fileBytes: bundle.fileBytes,
      exportMs: bundle.exportMs,
      importMs: bundle.importMs,
      reimportMs: bundle.reimportMs,
      reimportChanged: bundle.reimportChanged,
      rawInsertFloorMs: bundle.rawInsertFloorMs,
      target: 'workshop bundle import of 1,000 sessions (~100 messages each) < 5 s',
      pass: bundle.pass && bundle.importedSessions === bundle.sessions && bundle.reimportChanged === 0,
    },
  };
}
