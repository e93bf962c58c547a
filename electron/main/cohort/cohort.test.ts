import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { createProfile } from '../people/profiles';
import { cohortCsv, cohortCsvColumns, csvCell, csvLine, neutralizeFormula } from './cohort-csv';
import { exportCohort } from './cohort-export';
import { flaggedSessions, listSessions, loadDashboard, scenarioStats, scoreDistribution, traineeProgress } from './dashboard';
import { resolveFilters } from './filters';
import { claimScenario, openTestDb, playSession, wellbeingScenario, type TestDb } from './testing/fixtures';
import { buildXapiStatements, isoDuration, statementsForSession, validateXapiStatement, xapiVerbs, type XapiStatement } from './xapi';

/** A strict RFC 4180 reader for checking what we write. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
      } else if (c === '"') {
        quoted = false;
        i++;
      } else {
        field += c;
        i++;
      }
    } else if (c === '"') {
      if (field !== '') throw new Error(`quote inside unquoted field at ${i}`);
      quoted = true;
      i++;
    } else if (c === ',') {
      row.push(field);
      field = '';
      i++;
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 2;
    } else if (c === '\n' || c === '\r') {
      throw new Error(`bare line break outside quotes at ${i}`);
    } else {
      field += c;
      i++;
    }
  }
  if (quoted) throw new Error('unterminated quote');
  if (field !== '' || row.length > 0) throw new Error('last line has no CRLF');
  return rows;
}

let t: TestDb;
beforeEach(async () => {
  t = await openTestDb('chattrain-cohort-');
});
afterEach(async () => {
  await t.cleanup();
});

describe('CSV cells', () => {
  it('quotes per RFC 4180: fields with comma, quote, CR or LF are quoted, quotes doubled', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('cr\rhere')).toBe('"cr\rhere"');
    expect(csvCell(null)).toBe('');
    expect(csvLine(['a', 1, null, 'b,c'])).toBe('a,1,,"b,c"\r\n');
  });

  it('neutralises formula starts in text cells with a leading apostrophe, numbers stay numbers', () => {
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('+cmd')).toBe("'+cmd");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('@SUM(A1:A9)')).toBe("'@SUM(A1:A9)");
    expect(csvCell('\tTab')).toBe("'\tTab");
    expect(csvCell('\rCR')).toBe('"\'\rCR"');
    expect(csvCell('＝1+1')).toBe("'＝1+1");
    expect(csvCell('=HYPERLINK("http://x","click")')).toBe(`"'=HYPERLINK(""http://x"",""click"")"`);
    expect(csvCell('a=b')).toBe('a=b');
    expect(csvCell(-2)).toBe('-2');
    expect(csvCell(83.3)).toBe('83.3');
    expect(csvCell(Number.NaN)).toBe('');
    expect(neutralizeFormula('safe')).toBe('safe');
  });
});

describe('cohort CSV', () => {
  it('writes one row per session with the documented columns, hostile names neutralised and round-trippable', async () => {
    const db = t.database.db;
    const hostile = ['=1+1', '+cmd|/C calc', '-2+3', '@SUM(1,2)', '\tTabbed', 'Say "hello", world', 'Two\r\nlines'];
    const ids: Record<string, string> = {};
    for (const name of hostile) {
      const id = `user-${Object.keys(ids).length}`;
      const now = new Date().toISOString();
      // Straight into the table: the profile form refuses control characters, the export must not rely on that.
      await db.insertInto('users').values({ id, display_name: name, role: 'trainee', pin_hash: null, created_at: now, updated_at: now }).execute();
      ids[name] = await playSession(t, id, claimScenario, 'pass');
    }
    const text = await cohortCsv(db);
    expect(text.endsWith('\r\n')).toBe(true);
    const rows = parseCsv(text);
    expect(rows[0]).toEqual([...cohortCsvColumns]);
    expect(rows).toHaveLength(hostile.length + 1);
    const trainees = rows.slice(1).map((row) => row[1]);
    expect(trainees).toEqual(["'=1+1", "'+cmd|/C calc", "'-2+3", "'@SUM(1,2)", "'\tTabbed", 'Say "hello", world', 'Two\r\nlines']);
    // No cell a spreadsheet would evaluate.
    for (const row of rows.slice(1)) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    const first = Object.fromEntries(cohortCsvColumns.map((column, i) => [column, rows[1]![i]]));
    expect(first).toMatchObject({
      session_id: ids['=1+1'],
      scenario_id: 'test.claim.v1',
      scenario_version: '1.0.0',
      variant: 'A',
      status: 'completed',
      completion_reason: 'all_steps_finished',
      duration_seconds: '120',
      total_score: '100',
      passed: '1',
      step_count: '2',
      flagged: '0',
    });
    expect(first.started_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  });

  it('leaves empty what is unknown and applies from/to/scenario filters', async () => {
    const db = t.database.db;
    const ana = await createProfile(db, { displayName: 'Ana', role: 'trainee' });
    const created = await playSession(t, ana.id, claimScenario, 'created');
    t.clock.now = new Date('2026-03-10T09:00:00.000Z');
    const march10 = await playSession(t, ana.id, wellbeingScenario, 'fail');
    t.clock.now = new Date('2026-03-20T09:00:00.000Z');
    const march20 = await playSession(t, ana.id, claimScenario, 'in_progress');

    const all = parseCsv(await cohortCsv(db)).slice(1);
    expect(all.map((row) => row[0])).toEqual([march10, march20, created]);
    const never = all[2]!;
    expect(never.slice(5)).toEqual(['created', '', '', '', '', '', '', '2', '0']);
    const running = all[1]!;
    expect(running[5]).toBe('in_progress');
    expect(running[11]).toBe('');

    const byRange = parseCsv(await cohortCsv(db, { from: '2026-03-10', to: '2026-03-10' })).slice(1);
    expect(byRange.map((row) => row[0])).toEqual([march10]);
    const byScenario = parseCsv(await cohortCsv(db, { scenarioId: 'test.claim.v1' })).slice(1);
    expect(byScenario.map((row) => row[0])).toEqual([march20, created]);
    expect(() => resolveFilters({ from: '2026-02-30' })).toThrow(AppError);
    expect(() => resolveFilters({ from: '2026-03-10', to: '2026-03-01' })).toThrow(/empty/);
  });

  it('exportCohort writes the file atomically and logs export_generated', async () => {
    const db = t.database.db;
    const ana = await createProfile(db, { displayName: 'Ana', role: 'trainee' });
    await playSession(t, ana.id, claimScenario, 'pass');
    await playSession(t, ana.id, claimScenario, 'fail');
    const out = join(t.dir, 'out', 'cohort.csv');
    const result = await exportCohort(db, { format: 'csv', out, userId: ana.id });
    expect(result).toMatchObject({ format: 'csv', records: 2 });
    expect(parseCsv(readFileSync(out, 'utf8'))).toHaveLength(3);
    const xapiOut = join(t.dir, 'out', 'statements.json');
    const xapi = await exportCohort(db, { format: 'xapi', out: xapiOut });
    expect(xapi.records).toBe(4);
    expect(JSON.parse(readFileSync(xapiOut, 'utf8'))).toHaveLength(4);
    const logged = await db.selectFrom('activity_log').select(['details_json', 'user_id']).where('type', '=', 'export_generated').orderBy('id').execute();
    expect(logged.map((row) => JSON.parse(row.details_json).kind)).toEqual(['cohort_csv', 'xapi_statements']);
    expect(logged[0]!.user_id).toBe(ana.id);
  });
});

describe('dashboard', () => {
  it('computes per-scenario, per-trainee, score distribution and flagged sessions consistently with the views', async () => {
    const db = t.database.db;
    const ana = await createProfile(db, { displayName: 'Ana', role: 'trainee' });
    const ben = await createProfile(db, { displayName: 'Ben', role: 'trainee' });
    await db
      .insertInto('scenarios')
      .values({
        id: 'test.claim.v1', title: 'Claim call', description: 'x', domain: 'testing', version: '1.0.0', difficulty: 'beginner', duration_minutes: null,
        tags_json: '[]', variant: 'A', definition_json: JSON.stringify(claimScenario), origin: 'bundled', source_path: '/x/claim.yaml', checksum: 'c', loaded_at: new Date().toISOString(),
      })
      .execute();
    await playSession(t, ana.id, claimScenario, 'pass', 60); // 2 turns × 60 s = 120 s, 100
    await playSession(t, ana.id, claimScenario, 'fail', 30); // 4 turns × 30 s = 120 s, 0
    const flaggedId = await playSession(t, ben.id, claimScenario, 'flagged_pass', 90); // 180 s, 100, flagged
    await playSession(t, ben.id, claimScenario, 'abandon');
    const wellbeing = await playSession(t, ben.id, wellbeingScenario, 'pass', 60); // flagged by the persona

    const scenarios = await scenarioStats(db);
    expect(scenarios).toEqual([
      { scenarioId: 'test.claim.v1', title: 'Claim call', sessions: 4, completed: 3, passed: 2, abandoned: 1, flagged: 1, completionRate: 75, averageScore: 66.7, averageDurationSeconds: 140 },
      { scenarioId: 'test.wellbeing.v1', title: 'Wellbeing check-in', sessions: 1, completed: 1, passed: 1, abandoned: 0, flagged: 1, completionRate: 100, averageScore: 100, averageDurationSeconds: 120 },
    ]);
    const view = await db.selectFrom('scenario_performance').selectAll().executeTakeFirstOrThrow();
    expect(view.completion_rate).toBe(75);
    expect(Math.round(view.avg_completion_seconds!)).toBe(140);

    const trainees = await traineeProgress(db);
    expect(trainees.map(({ displayName, sessions, completed, passed, averageScore, flagged }) => ({ displayName, sessions, completed, passed, averageScore, flagged }))).toEqual([
      { displayName: 'Ana', sessions: 2, completed: 2, passed: 1, averageScore: 50, flagged: 0 },
      { displayName: 'Ben', sessions: 3, completed: 2, passed: 2, averageScore: 100, flagged: 2 },
    ]);
    expect(trainees[1]!.lastActivityAt).toBe(t.clock.now.toISOString());

    const buckets = await scoreDistribution(db);
    expect(buckets).toHaveLength(10);
    expect(buckets[0]).toEqual({ from: 0, to: 10, count: 1 });
    expect(buckets[9]).toEqual({ from: 90, to: 100, count: 3 });
    expect(buckets.reduce((sum, b) => sum + b.count, 0)).toBe(4);

    const flagged = await flaggedSessions(db);
    expect(flagged.total).toBe(2);
    expect(flagged.sessions.map((s) => [s.sessionId, s.phrases])).toEqual([
      [wellbeing, ['no point anymore']],
      [flaggedId, ['hurt myself']],
    ]);

    const byAna = await loadDashboard(db, { userId: ana.id });
    expect(byAna.scenarios.map((s) => s.sessions)).toEqual([2]);
    expect(byAna.flagged.total).toBe(0);
    const byScenario = await loadDashboard(db, { scenarioId: 'test.wellbeing.v1' });
    expect(byScenario.trainees.map((s) => s.displayName)).toEqual(['Ben']);
    const none = await loadDashboard(db, { from: '2030-01-01' });
    expect(none.scenarios).toEqual([]);
    expect(none.scoreDistribution.every((b) => b.count === 0)).toBe(true);

    const page = await listSessions(db, {}, { limit: 2 });
    expect(page.total).toBe(5);
    expect(page.sessions).toHaveLength(2);
    const overview = await db.selectFrom('session_overview').selectAll().where('id', '=', page.sessions[0]!.sessionId).executeTakeFirstOrThrow();
    expect(page.sessions[0]).toMatchObject({ messageCount: overview.message_count, feedbackCount: overview.feedback_count, durationSeconds: overview.duration_seconds });
  });
});

describe('xAPI statements', () => {
  async function cohort() {
    const db = t.database.db;
    const ana = await createProfile(db, { displayName: 'Ana "Tester", Jr.', role: 'trainee' });
    const pass = await playSession(t, ana.id, claimScenario, 'pass', 375); // 750 s
    const fail = await playSession(t, ana.id, wellbeingScenario, 'fail', 30);
    await playSession(t, ana.id, claimScenario, 'abandon');
    await playSession(t, ana.id, claimScenario, 'in_progress');
    return { ana, pass, fail };
  }

  it('produces completed + passed/failed per completed session, each valid xAPI 1.0.3', async () => {
    const { ana, pass, fail } = await cohort();
    const statements = await buildXapiStatements(t.database.db);
    expect(statements).toHaveLength(4);
    for (const statement of statements) expect(validateXapiStatement(statement), JSON.stringify(statement)).toEqual([]);
    // Round trip through JSON (what the file holds) keeps them valid.
    for (const statement of JSON.parse(JSON.stringify(statements)) as unknown[]) expect(validateXapiStatement(statement)).toEqual([]);

    const forPass = statements.filter((s) => s.context.registration === pass);
    expect(forPass.map((s) => s.verb.id)).toEqual([xapiVerbs.completed, xapiVerbs.passed]);
    const [completed, passed] = forPass as [XapiStatement, XapiStatement];
    expect(completed.actor).toEqual({ objectType: 'Agent', name: 'Ana "Tester", Jr.', account: { homePage: 'https://chattrain.local/profiles', name: ana.id } });
    expect(completed.verb.display).toEqual({ 'en-US': 'completed' });
    expect(completed.object).toEqual({
      objectType: 'Activity',
      id: 'https://chattrain.local/scenarios/test.claim.v1',
      definition: { name: { 'en-US': 'Claim call' }, description: { 'en-US': 'A policyholder calls about hail damage.' }, type: 'http://adlnet.gov/expapi/activities/simulation' },
    });
    expect(passed.result).toEqual({ score: { scaled: 1, raw: 100, min: 0, max: 100 }, success: true, completion: true, duration: 'PT12M30S' });
    expect(completed.context).toMatchObject({ registration: pass, platform: 'ChatTrain', revision: '1.0.0' });
    expect(completed.timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(completed.version).toBe('1.0.3');

    const forFail = statements.filter((s) => s.context.registration === fail);
    expect(forFail.map((s) => s.verb.id)).toEqual([xapiVerbs.completed, xapiVerbs.failed]);
    expect(forFail[1]!.result).toMatchObject({ score: { scaled: 0, raw: 0 }, success: false, completion: true });

    // Deterministic ids: a re-export gives the same ids, all distinct.
    const again = await buildXapiStatements(t.database.db);
    expect(again.map((s) => s.id)).toEqual(statements.map((s) => s.id));
    expect(new Set(statements.map((s) => s.id)).size).toBe(4);
  });

  it('uses configurable IRIs and refuses relative ones', async () => {
    await cohort();
    const custom = await buildXapiStatements(t.database.db, {}, { homePage: 'https://lms.example.org/people/', activityBase: 'https://lms.example.org/chattrain/scenarios' });
    expect(custom[0]!.actor.account.homePage).toBe('https://lms.example.org/people');
    expect(custom[0]!.object.id).toMatch(/^https:\/\/lms\.example\.org\/chattrain\/scenarios\/test\./);
    for (const statement of custom) expect(validateXapiStatement(statement)).toEqual([]);
    await expect(buildXapiStatements(t.database.db, {}, { homePage: 'profiles' })).rejects.toThrow(/absolute/);
  });

  it('formats ISO 8601 durations', () => {
    expect([0, 5, 60, 750, 3600, 3725, 90_061].map(isoDuration)).toEqual(['PT0S', 'PT5S', 'PT1M', 'PT12M30S', 'PT1H', 'PT1H2M5S', 'PT25H1M1S']);
  });

  it('maps a non-UUID session id to a stable UUID registration', () => {
    const facts = {
      sessionId: 'legacy-7', userId: 'u', displayName: 'U', scenarioId: 's', scenarioVersion: '1.0.0', scenarioChecksum: 'c', scenarioTitle: 'S', scenarioDescription: '',
      variant: 'A', completionReason: 'user_exit', startedAt: null, completedAt: '2026-01-01T00:00:00.000Z', totalScore: null, passed: null,
    };
    const [only, ...rest] = statementsForSession(facts);
    expect(rest).toEqual([]);
    expect(validateXapiStatement(only)).toEqual([]);
    expect(only!.result).toEqual({ completion: true });
    expect(statementsForSession(facts)[0]!.context.registration).toBe(only!.context.registration);
  });

  describe('validator rejects', () => {
    let good: XapiStatement;
    beforeEach(async () => {
      await cohort();
      good = (await buildXapiStatements(t.database.db))[1]!;
    });
    const broken = (mutate: (s: any) => void) => {
      const copy = structuredClone(good) as any;
      mutate(copy);
      return validateXapiStatement(copy);
    };

    it.each([
      ['no actor', (s: any) => delete s.actor, /actor is required/],
      ['two identifiers', (s: any) => (s.actor.mbox = 'mailto:a@b.c'), /exactly one identifier/],
      ['relative homePage', (s: any) => (s.actor.account.homePage = 'profiles'), /homePage must be an absolute IRI/],
      ['empty account name', (s: any) => (s.actor.account.name = ''), /account.name/],
      ['no verb', (s: any) => delete s.verb, /verb is required/],
      ['relative verb id', (s: any) => (s.verb.id = 'completed'), /verb.id must be an absolute IRI/],
      ['display not a language map', (s: any) => (s.verb.display = 'completed'), /language map/],
      ['bad language tag', (s: any) => (s.verb.display = { 'english please': 'x' }), /RFC 5646/],
      ['no object', (s: any) => delete s.object, /object is required/],
      ['relative object id', (s: any) => (s.object.id = 'scenarios/x'), /object.id must be an absolute IRI/],
      ['relative activity type', (s: any) => (s.object.definition.type = 'simulation'), /type must be an absolute IRI/],
      ['scaled above 1', (s: any) => (s.result.score.scaled = 1.5), /scaled must be between -1 and 1/],
      ['scaled below -1', (s: any) => (s.result.score.scaled = -1.01), /scaled must be between -1 and 1/],
      ['raw above max', (s: any) => (s.result.score.raw = 101), /raw must not be above/],
      ['raw below min', (s: any) => (s.result.score.raw = -1), /raw must not be below/],
      ['min not below max', (s: any) => (s.result.score.min = 100), /min must be less than/],
      ['score not a number', (s: any) => (s.result.score.raw = '90'), /raw must be a number/],
      ['success not boolean', (s: any) => (s.result.success = 'yes'), /success must be a boolean/],
      ['bad duration', (s: any) => (s.result.duration = '12:30'), /duration/],
      ['duration with only T', (s: any) => (s.result.duration = 'PT'), /duration/],
      ['duration P alone', (s: any) => (s.result.duration = 'P'), /duration/],
      ['registration not a UUID', (s: any) => (s.context.registration = 'session-1'), /registration must be a UUID/],
      ['id not a UUID', (s: any) => (s.id = '123'), /id must be a UUID/],
      ['timestamp without zone', (s: any) => (s.timestamp = '2026-03-02T09:00:00'), /timestamp/],
      ['timestamp not a date', (s: any) => (s.timestamp = 'yesterday'), /timestamp/],
      ['timestamp -00:00', (s: any) => (s.timestamp = '2026-03-02T09:00:00.000-00:00'), /-00:00/],
      ['extension key not an IRI', (s: any) => (s.context.extensions = { variant: 'A' }), /extensions key "variant"/],
      ['unknown property', (s: any) => (s.score = 1), /unknown property "score"/],
      ['wrong version', (s: any) => (s.version = '2.0.0'), /version must be 1.0.x/],
    ])('%s', (_name, mutate, message) => {
      const problems = broken(mutate);
      expect(problems.join('\n')).toMatch(message);
    });

    it('a non-object', () => {
      expect(validateXapiStatement(null)).toEqual(['statement must be a JSON object']);
      expect(validateXapiStatement([])).toEqual(['statement must be a JSON object']);
    });
  });
});
