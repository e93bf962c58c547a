import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backupCommand } from '../cli/backup-command';
import { bundleCommand } from '../cli/bundle-command';
import { UsageError, type CliIo } from '../cli/command';
import { exportCohortCommand } from '../cli/export-cohort-command';
import { restoreCommand } from '../cli/restore-command';
import { claimScenario, openTestDb, playSession, wellbeingScenario } from '../cohort/testing/fixtures';
import { validateXapiStatement } from '../cohort/xapi';
import { openDatabase } from '../db/open-database';
import { createProfile } from '../people/profiles';

let root: string;
let dataDir: string;
let sessionIds: string[];

function io() {
  const out: string[] = [];
  const err: string[] = [];
  const sink: CliIo = { out: (text) => out.push(text), err: (text) => err.push(text) };
  return { out, err, sink };
}

beforeAll(async () => {
  const t = await openTestDb('chattrain-cli-data-', '2026-03-02T09:00:00.000Z', 'chattrain.db');
  root = mkdtempSync(join(tmpdir(), 'chattrain-cli-out-'));
  dataDir = t.dir;
  const ana = await createProfile(t.database.db, { displayName: '=cmd|Ana', role: 'trainee' });
  sessionIds = [await playSession(t, ana.id, claimScenario, 'pass'), await playSession(t, ana.id, wellbeingScenario, 'fail'), await playSession(t, ana.id, claimScenario, 'abandon')];
  await t.database.close();
});
afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(root, { recursive: true, force: true });
});

describe('data CLI commands', () => {
  it('export-cohort writes CSV and xAPI and logs export_generated', async () => {
    const csv = io();
    const csvFile = join(root, 'cohort.csv');
    expect(await exportCohortCommand.run(['--format', 'csv', '--out', csvFile, '--data-dir', dataDir], csv.sink)).toBe(0);
    expect(csv.out.join('\n')).toMatch(/Wrote 3 session rows/);
    const lines = readFileSync(csvFile, 'utf8').split('\r\n');
    expect(lines[0]).toBe('session_id,trainee,scenario_id,scenario_version,variant,status,completion_reason,started_at,completed_at,duration_seconds,total_score,passed,step_count,flagged');
    expect(lines[1]).toContain(",'=cmd|Ana,");

    const filtered = io();
    expect(await exportCohortCommand.run(['--format', 'csv', '--out', csvFile, '--scenario', 'test.wellbeing.v1', '--from', '2026-03-01', '--to', '2026-03-02', '--data-dir', dataDir, '--json'], filtered.sink)).toBe(0);
    expect(JSON.parse(filtered.out[0]!)).toMatchObject({ records: 1, format: 'csv' });

    const xapi = io();
    const xapiFile = join(root, 'statements.json');
    expect(await exportCohortCommand.run(['--format', 'xapi', '--out', xapiFile, '--home-page', 'https://lms.example.org/u', '--data-dir', dataDir], xapi.sink)).toBe(0);
    const statements = JSON.parse(readFileSync(xapiFile, 'utf8')) as { actor: { account: { homePage: string } } }[];
    expect(statements).toHaveLength(4);
    for (const statement of statements) expect(validateXapiStatement(statement)).toEqual([]);
    expect(statements[0]!.actor.account.homePage).toBe('https://lms.example.org/u');

    await expect(exportCohortCommand.run(['--format', 'pdf', '--out', csvFile], io().sink)).rejects.toBeInstanceOf(UsageError);
    await expect(exportCohortCommand.run(['--format', 'csv'], io().sink)).rejects.toBeInstanceOf(UsageError);
    await expect(exportCohortCommand.run(['--format', 'csv', '--out', csvFile, '--from', 'last tuesday', '--data-dir', dataDir], io().sink)).rejects.toMatchObject({ code: 'BAD_INPUT' });

    const db = await openDatabase(join(dataDir, 'chattrain.db'));
    const kinds = (await db.db.selectFrom('activity_log').select('details_json').where('type', '=', 'export_generated').execute()).map((row) => JSON.parse(row.details_json).kind);
    await db.close();
    expect(kinds).toEqual(['cohort_csv', 'cohort_csv', 'xapi_statements']);
  });

  it('bundle export | import moves sessions to another data folder; importing twice changes nothing', async () => {
    const file = join(root, 'workshop.ctbundle');
    const exported = io();
    expect(await bundleCommand.run(['export', '--out', file, '--session', sessionIds[0]!, '--session', sessionIds[1]!, '--data-dir', dataDir], exported.sink)).toBe(0);
    expect(exported.out.join('\n')).toMatch(/Wrote 2 sessions/);

    const otherDir = join(root, 'laptop-b');
    const first = io();
    expect(await bundleCommand.run(['import', file, '--data-dir', otherDir, '--json'], first.sink)).toBe(0);
    expect(JSON.parse(first.out[0]!).counts.sessions).toEqual({ inserted: 2, updated: 0, skipped: 0 });
    const second = io();
    expect(await bundleCommand.run(['import', file, '--data-dir', otherDir], second.sink)).toBe(0);
    expect(second.out.join('\n')).toMatch(/sessions\s+0\s+0\s+2/);

    await expect(bundleCommand.run(['export', '--data-dir', dataDir], io().sink)).rejects.toBeInstanceOf(UsageError);
    await expect(bundleCommand.run(['sync', '--data-dir', dataDir], io().sink)).rejects.toBeInstanceOf(UsageError);
    await expect(bundleCommand.run(['import', join(root, 'missing.ctbundle'), '--data-dir', otherDir], io().sink)).rejects.toMatchObject({ code: 'IO_ERROR' });
  });

  it('backup --out then restore <file> brings the data back', async () => {
    const backupFile = join(root, 'manual-backup.db');
    const backup = io();
    expect(await backupCommand.run(['--out', backupFile, '--data-dir', dataDir], backup.sink)).toBe(0);
    expect(backup.out.join('\n')).toMatch(/integrity ok/);

    // Lose a session, then restore.
    const db = await openDatabase(join(dataDir, 'chattrain.db'));
    await db.db.deleteFrom('sessions').where('id', '=', sessionIds[0]!).execute();
    await db.close();
    const restored = io();
    expect(await restoreCommand.run([backupFile, '--data-dir', dataDir], restored.sink)).toBe(0);
    expect(restored.out.join('\n')).toMatch(/Restored .* \(3 sessions\)/);
    expect(restored.out.join('\n')).toMatch(/kept at .*before-restore/);
    await expect(restoreCommand.run([join(root, 'cohort.csv'), '--data-dir', dataDir], io().sink)).rejects.toMatchObject({ code: 'DATABASE_CORRUPT' });
  });
});
