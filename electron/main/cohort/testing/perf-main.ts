import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchBundle, benchCohortExport, benchDashboard, benchDataCare } from './perf';

/**
 * By hand: `node scripts/native-sqlite.mjs node && node --import tsx electron/main/cohort/testing/perf-main.ts`
 * Prints one JSON object (progress on stderr). Takes a few minutes (data generation).
 */
async function main() {
  const workDir = mkdtempSync(join(tmpdir(), 'chattrain-data-perf-'));
  const log = (text: string) => process.stderr.write(`${text}\n`);
  try {
    log('dashboard: generating 10,000 sessions / ~1,000,000 messages…');
    const dashboard = await benchDashboard(workDir, { log, withProposedIndexes: process.argv.includes('--with-indexes') });
    const { database, ...dashboardResult } = dashboard;
    log('cohort export…');
    const cohortExport = await benchCohortExport(database, workDir);
    log('backup / quick check…');
    const dataCare = await benchDataCare(database, workDir);
    await database.close();
    log('bundle: 1,000 sessions × 100 messages…');
    const bundle = await benchBundle(workDir);
    process.stdout.write(`${JSON.stringify({ dashboard: dashboardResult, cohortExport, bundle, dataCare }, null, 2)}\n`);
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

void main();
