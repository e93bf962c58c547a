import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createProfile } from '../people/profiles';
import { claimScenario, openTestDb, playSession, wellbeingScenario, type TestDb } from '../cohort/testing/fixtures';
import type { AppDatabase } from '../db/open-database';
import { BundleError, bundleTables, decodeBundle, encodeBundle, tableFromRows, tableRows, type BundlePayload, type BundleRow, type BundleTable } from './bundle-format';
import { collectBundlePayload, exportBundle } from './bundle-export';
import { importBundle, inspectBundle } from './bundle-import';
import { bundleColumns, sqlTable } from './bundle-tables';

let a: TestDb;
let b: TestDb;
beforeEach(async () => {
  a = await openTestDb('chattrain-bundle-a-');
  b = await openTestDb('chattrain-bundle-b-', '2026-03-05T09:00:00.000Z');
});
afterEach(async () => {
  await a.cleanup();
  await b.cleanup();
});

/** Every row of every table (activity and settings aside), for "nothing changed" checks. */
function dump(database: AppDatabase): string {
  const tables = ['users', 'scenario_versions', 'sessions', 'messages', 'step_progress', 'feedback', 'risk_detections', 'session_summaries', 'reflections', 'goals'];
  return JSON.stringify(tables.map((table) => database.sqlite.prepare(`SELECT * FROM ${table} ORDER BY 1, 2`).all()));
}

/** The bundle tables' rows for the given sessions, as comparable JSON. */
function contentOf(database: AppDatabase, sessionIds: string[]): Record<string, unknown[]> {
  const ids = JSON.stringify(sessionIds);
  const result: Record<string, unknown[]> = {};
  for (const table of bundleTables) {
    const columns = bundleColumns[table].join(', ');
    const name = sqlTable[table];
    let where: string;
    if (table === 'users') where = `id IN (SELECT user_id FROM sessions WHERE id IN (SELECT value FROM json_each(?)))`;
    else if (table === 'scenarioVersions') where = `checksum IN (SELECT scenario_checksum FROM sessions WHERE id IN (SELECT value FROM json_each(?)))`;
    else if (table === 'sessions') where = `id IN (SELECT value FROM json_each(?))`;
    else where = `session_id IN (SELECT value FROM json_each(?))`;
    result[table] = database.sqlite.prepare(`SELECT ${columns} FROM ${name} WHERE ${where} ORDER BY 1, 2`).all(ids);
  }
  return result;
}

async function seedA() {
  const db = a.database.db;
  const ana = await createProfile(db, { displayName: 'Ana', role: 'trainee' });
  const ben = await createProfile(db, { displayName: 'Ben', role: 'trainee' });
  const fac = await createProfile(db, { displayName: 'Fay', role: 'facilitator', pin: '2468' });
  const sessions = [
    await playSession(a, ana.id, claimScenario, 'pass'),
    await playSession(a, ana.id, claimScenario, 'fail'),
    await playSession(a, ben.id, claimScenario, 'flagged_pass'),
    await playSession(a, ben.id, wellbeingScenario, 'pass'),
    await playSession(a, ben.id, claimScenario, 'abandon'),
    await playSession(a, ana.id, wellbeingScenario, 'in_progress'),
  ];
  const now = a.clock.now.toISOString();
  await db.insertInto('reflections').values({ id: randomUUID(), session_id: sessions[0]!, user_id: ana.id, takeaways: 'Ask for the policy number first.', revised_goal: 'Faster', created_at: now, updated_at: now }).execute();
  const message = await db.selectFrom('messages').select('id').where('session_id', '=', sessions[1]!).where('role', '=', 'trainee').executeTakeFirstOrThrow();
  await db
    .insertInto('feedback')
    .values({
      id: randomUUID(), session_id: sessions[1]!, message_id: message.id, step_id: 'greet', type: 'manual', score: 40, passed: 0, found_json: '[]', missing_json: '[]',
      suggestion: 'Say sorry first.', details_json: '{}', evaluator_version: 'manual-1', author_user_id: fac.id, created_at: now,
    })
    .execute();
  return { ana, ben, fac, sessions };
}

describe('workshop bundles', () => {
  it('round-trips sessions between two databases: counts and content equal, PIN hashes stay home', async () => {
    const { sessions, fac } = await seedA();
    const file = join(a.dir, 'workshop.ctbundle');
    const exported = await exportBundle(a.database, { out: file, appVersion: '0.1.0' });
    expect(exported.manifest).toMatchObject({ format: 'chattrain-workshop-bundle', formatVersion: 1, appVersion: '0.1.0' });
    expect(exported.manifest.counts.sessions).toBe(6);
    expect(exported.manifest.counts.users).toBe(3); // Ana, Ben and Fay (author of manual feedback)
    expect(readFileSync(file).toString('latin1')).not.toContain('$scrypt$');
    expect(await inspectBundle(file)).toEqual(exported.manifest);

    const result = await importBundle(b.database, file);
    for (const table of bundleTables) {
      expect(result.counts[table], table).toEqual({ inserted: exported.manifest.counts[table], updated: 0, skipped: 0 });
    }
    expect(result.conflicts).toEqual([]);
    expect(contentOf(b.database, sessions)).toEqual(contentOf(a.database, sessions));
    // A facilitator without a PIN would open the facilitator areas here to anyone.
    const imported = await b.database.db.selectFrom('users').selectAll().where('id', '=', fac.id).executeTakeFirstOrThrow();
    expect(imported).toMatchObject({ display_name: 'Fay', role: 'trainee', pin_hash: null });
    expect(result.addedAsTrainees).toEqual(['Fay']);

    const logged = await a.database.db.selectFrom('activity_log').select('details_json').where('type', '=', 'export_generated').execute();
    expect(logged.map((row) => JSON.parse(row.details_json))).toEqual([expect.objectContaining({ kind: 'workshop_bundle', sessions: 6 })]);
  });

  it('importing the same bundle twice changes nothing the second time', async () => {
    await seedA();
    const file = join(a.dir, 'w.ctbundle');
    await exportBundle(a.database, { out: file, appVersion: '0.1.0' });
    await importBundle(b.database, file);
    const after = dump(b.database);
    const second = await importBundle(b.database, file);
    for (const table of bundleTables) expect(second.counts[table].inserted + second.counts[table].updated, table).toBe(0);
    expect(second.counts.sessions.skipped).toBe(6);
    expect(dump(b.database)).toBe(after);
  });

  it('exports a selection by ids or filters; unknown ids and empty selections are refused', async () => {
    const { sessions, ben } = await seedA();
    const byId = await collectBundlePayload(a.database, { sessionIds: [sessions[0]!, sessions[3]!] });
    expect(tableRows(byId.sessions).map((s) => s.id).sort()).toEqual([sessions[0], sessions[3]].sort());
    expect(new Set(tableRows(byId.messages).map((m) => m.session_id))).toEqual(new Set([sessions[0], sessions[3]]));
    expect(byId.scenarioVersions.rows).toHaveLength(2);
    const byUser = await collectBundlePayload(a.database, { filters: { userId: ben.id, scenarioId: 'test.claim.v1' } });
    expect(byUser.sessions.rows).toHaveLength(2);
    await expect(collectBundlePayload(a.database, { sessionIds: ['nope'] })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(collectBundlePayload(a.database, { filters: { from: '2031-01-01' } })).rejects.toMatchObject({ code: 'BAD_INPUT' });
  });

  it('takes newer sessions from the bundle and never overwrites newer local rows', async () => {
    const db = a.database.db;
    const ana = await createProfile(db, { displayName: 'Ana', role: 'trainee' });
    const running = await playSession(a, ana.id, claimScenario, 'in_progress');
    const first = join(a.dir, 'first.ctbundle');
    await exportBundle(a.database, { out: first, appVersion: '0.1.0' });
    await importBundle(b.database, first);

    // Laptop A continues the session; laptop B meanwhile edits its reflection later than anything in A.
    a.advance(60);
    await a.engine.submitAnswer(running, claimScenario, 'Sorry! What is your policy number?');
    a.advance(60);
    await a.engine.submitAnswer(running, claimScenario, 'When and where did it happen?');
    const reflectionId = randomUUID();
    const aTime = a.clock.now.toISOString();
    await db.insertInto('reflections').values({ id: reflectionId, session_id: running, user_id: ana.id, takeaways: 'from A', revised_goal: null, created_at: aTime, updated_at: aTime }).execute();
    const second = join(a.dir, 'second.ctbundle');
    await exportBundle(a.database, { out: second, appVersion: '0.1.0' });

    const result = await importBundle(b.database, second);
    expect(result.counts.sessions).toEqual({ inserted: 0, updated: 1, skipped: 0 });
    expect(result.counts.messages.inserted).toBeGreaterThan(0);
    expect(result.counts.stepProgress.updated).toBeGreaterThan(0);
    const inB = await b.database.db.selectFrom('sessions').selectAll().where('id', '=', running).executeTakeFirstOrThrow();
    expect(inB).toMatchObject({ status: 'completed', total_score: 100 });
    expect(contentOf(b.database, [running])).toEqual(contentOf(a.database, [running]));

    // B's newer reflection and a newer local change to the session survive a re-import of the older bundle.
    const later = '2027-01-01T00:00:00.000Z';
    await b.database.db.updateTable('reflections').set({ takeaways: 'edited on B', updated_at: later }).where('id', '=', reflectionId).execute();
    await b.database.db.updateTable('sessions').set({ metadata_json: '{"reviewed":true}', updated_at: later }).where('id', '=', running).execute();
    const before = dump(b.database);
    const again = await importBundle(b.database, second);
    expect(again.counts.sessions).toEqual({ inserted: 0, updated: 0, skipped: 1 });
    expect(again.counts.reflections).toEqual({ inserted: 0, updated: 0, skipped: 1 });
    expect(dump(b.database)).toBe(before);
    const older = await importBundle(b.database, first);
    expect(older.counts.sessions.updated).toBe(0);
    expect(dump(b.database)).toBe(before);
  });

  it('reads tables by column name: another column order and unknown extra columns are fine', async () => {
    const { sessions } = await seedA();
    const payload = await collectBundlePayload(a.database, {});
    const shuffled = Object.fromEntries(
      bundleTables.map((table) => {
        const rows = tableRows(payload[table]).map((row) => ({ ...row, from_the_future: 'x' }));
        return [table, tableFromRows(['from_the_future', ...[...payload[table].columns].reverse()], rows)];
      }),
    ) as BundlePayload;
    const { bytes } = await encodeBundle(shuffled, { appVersion: '0.2.0', createdAt: '2026-01-01T00:00:00.000Z' });
    const result = await importBundle(b.database, bytes);
    expect(result.counts.sessions.inserted).toBe(6);
    expect(contentOf(b.database, sessions)).toEqual(contentOf(a.database, sessions));
  });

  it('survives a session continued on both laptops: clashing messages and their feedback are skipped, nothing fails', async () => {
    const ana = await createProfile(a.database.db, { displayName: 'Ana', role: 'trainee' });
    const running = await playSession(a, ana.id, claimScenario, 'in_progress');
    const first = join(a.dir, 'first.ctbundle');
    await exportBundle(a.database, { out: first, appVersion: '0.1.0' });
    await importBundle(b.database, first);
    // Both laptops go on with the same session (B's clock is later).
    await a.engine.submitAnswer(running, claimScenario, 'Sorry, what is your policy number?');
    await b.engine.submitAnswer(running, claimScenario, 'Anything else?');
    const second = join(a.dir, 'second.ctbundle');
    await exportBundle(a.database, { out: second, appVersion: '0.1.0' });
    const before = dump(b.database);
    const result = await importBundle(b.database, second);
    expect(result.counts.sessions).toEqual({ inserted: 0, updated: 0, skipped: 1 });
    expect(result.counts.messages.inserted).toBe(0);
    expect(result.counts.messages.skipped).toBeGreaterThan(0);
    expect(result.counts.feedback.inserted).toBe(0);
    expect(dump(b.database)).toBe(before);
  });

  it('leaves a session alone when its id belongs to another profile here', async () => {
    const { sessions } = await seedA();
    const file = join(a.dir, 'w.ctbundle');
    await exportBundle(a.database, { out: file, appVersion: '0.1.0', sessionIds: [sessions[0]!] });
    const bundle = await decodeBundle(readFileSync(file));
    // On B the same id exists for someone else (ids are UUIDs, so only a forged/colliding bundle does this).
    const other = await createProfile(b.database.db, { displayName: 'Other', role: 'trainee' });
    const scenario = tableRows(bundle.payload.scenarioVersions)[0]!;
    await b.database.db.insertInto('scenario_versions').values(scenario as never).execute();
    const session = { ...tableRows(bundle.payload.sessions)[0]!, user_id: other.id, updated_at: '2000-01-01T00:00:00.000Z' };
    await b.database.db.insertInto('sessions').values(session as never).execute();
    const result = await importBundle(b.database, file);
    expect(result.conflicts).toEqual([sessions[0]]);
    expect(result.counts.messages).toMatchObject({ inserted: 0 });
    expect(await b.database.db.selectFrom('messages').select('id').execute()).toEqual([]);
  });

  describe('refuses a damaged bundle and changes nothing', () => {
    let file: string;
    let bytes: Buffer;
    let before: string;
    beforeEach(async () => {
      await seedA();
      file = join(a.dir, 'w.ctbundle');
      await exportBundle(a.database, { out: file, appVersion: '0.1.0' });
      bytes = readFileSync(file);
      // B already has some data of its own.
      const local = await createProfile(b.database.db, { displayName: 'Local', role: 'trainee' });
      await playSession(b, local.id, claimScenario, 'pass');
      before = dump(b.database);
    });
    const refused = async (data: Buffer, reason: string, message: RegExp) => {
      const error = await importBundle(b.database, data).then(() => null, (e: unknown) => e);
      expect(error).toBeInstanceOf(BundleError);
      expect((error as BundleError).reason).toBe(reason);
      expect((error as BundleError).message).toMatch(message);
      expect(dump(b.database)).toBe(before);
    };

    it('a flipped byte in the payload (checksum mismatch)', async () => {
      const tampered = Buffer.from(bytes);
      const middle = bytes.indexOf(0x0a) + Math.floor((bytes.length - bytes.indexOf(0x0a)) / 2);
      tampered[middle] = tampered[middle]! ^ 0xff;
      await refused(tampered, 'tampered', /modified or damaged/);
    });

    it('an edited count in the manifest', async () => {
      const text = bytes.toString('latin1').replace(/"sessions":6/, '"sessions":5');
      await refused(Buffer.from(text, 'latin1'), 'tampered', /header says 5 sessions/);
    });

    it('a truncated file (payload or header)', async () => {
      await refused(bytes.subarray(0, bytes.length - 100), 'truncated', /incomplete/);
      await refused(bytes.subarray(0, 40), 'truncated', /incomplete/);
    });

    it('a newer format version', async () => {
      const text = bytes.toString('latin1').replace('"formatVersion":1', '"formatVersion":2');
      await refused(Buffer.from(text, 'latin1'), 'too_new', /newer version of ChatTrain .*format 2/);
    });

    it('something that is not a bundle', async () => {
      await refused(Buffer.from('id,name\r\n1,2\r\n'), 'not_a_bundle', /not a ChatTrain workshop bundle/);
      writeFileSync(join(a.dir, 'empty'), '');
      await refused(readFileSync(join(a.dir, 'empty')), 'not_a_bundle', /not a ChatTrain/);
    });

    /** The payload with one table's rows edited as objects. */
    const edited = (payload: BundlePayload, table: BundleTable, edit: (rows: BundleRow[]) => BundleRow[]): BundlePayload => ({
      ...payload,
      [table]: tableFromRows(payload[table].columns, edit(tableRows(payload[table]))),
    });
    const encode = async (payload: BundlePayload) => (await encodeBundle(payload, { appVersion: '0.1.0', createdAt: '2026-01-01T00:00:00.000Z' })).bytes;

    it('a well-formed bundle with dangling references', async () => {
      const { payload } = await decodeBundle(bytes);
      const broken = edited(payload, 'messages', (rows) => [...rows, { ...rows[0]!, id: randomUUID(), session_id: randomUUID() }]);
      await refused(await encode(broken), 'invalid', /not in the bundle/);
    });

    it('a bundle the database rejects half-way (rolled back, even the rows before the bad one)', async () => {
      const { payload } = await decodeBundle(bytes);
      const broken = edited(payload, 'messages', (rows) => rows.map((m, i) => (i === rows.length - 1 ? { ...m, role: 'robot' } : m)));
      await refused(await encode(broken), 'invalid', /does not accept/);
    });

    it('rows missing a column, of the wrong width, or carrying invalid JSON', async () => {
      const { payload } = await decodeBundle(bytes);
      const withoutContent: BundlePayload = {
        ...payload,
        messages: { columns: payload.messages.columns.filter((c) => c !== 'content'), rows: payload.messages.rows.map((row) => row.filter((_, i) => payload.messages.columns[i] !== 'content')) },
      };
      await refused(await encode(withoutContent), 'invalid', /no "content" column/);
      const ragged: BundlePayload = { ...payload, messages: { ...payload.messages, rows: [payload.messages.rows[0]!.slice(1), ...payload.messages.rows.slice(1)] } };
      await refused(await encode(ragged), 'invalid', /wrong shape/);
      const badJson = edited(payload, 'sessions', (rows) => rows.map((s, i) => (i === 0 ? { ...s, metadata_json: '{oops' } : s)));
      await refused(await encode(badJson), 'invalid', /invalid JSON/);
    });
  });
});
