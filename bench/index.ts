import BetterSqlite3 from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { syncContent } from '../electron/main/content/library';
import { searchDocuments } from '../electron/main/content/queries';
import { nativeBindingForThisRuntime } from '../electron/main/db/native-binding';
import { openDatabase } from '../electron/main/db/open-database';
import { appendMessage } from '../electron/main/training/message-log';
import { newId } from '../electron/main/db/ids';
import { generateScenarioFolders, randomQuery } from './generate-content';
import { benchStreaming } from './streaming-bench';
import { benchTraining } from './training-bench';
import { benchFacilitator } from './facilitator-bench';
import { log, round, seededRandom, summarize } from './stats';

/**
 * `npm run bench`: measurements as one JSON object on stdout (progress on stderr).
 * Each result states its target so a reader sees pass/fail without the issue at hand.
 */

async function benchContentLoad(workDir: string) {
  const contentDir = join(workDir, 'content-200');
  generateScenarioFolders(contentDir, 200, 2_000);
  const database = await openDatabase(join(workDir, 'content.db'));
  const roots = [{ dir: contentDir, origin: 'bundled' as const }];
  let start = performance.now();
  const cold = await syncContent(database.db, roots);
  const coldMs = performance.now() - start;
  const warmRuns: number[] = [];
  let warm = cold;
  for (let run = 0; run < 5; run++) {
    start = performance.now();
    warm = await syncContent(database.db, roots);
    warmRuns.push(performance.now() - start);
  }
  await database.close();
  const warmMs = Math.min(...warmRuns);
  return {
    scenarios: 200,
    cold: { ms: round(coldMs, 1), loaded: cold.loaded, problems: cold.problems.length },
    warm: { ms: round(warmMs, 1), medianMs: round([...warmRuns].sort((a, b) => a - b)[2]!, 1), unchanged: warm.unchanged, loaded: warm.loaded },
    target: 'warm reload of 200 unchanged scenarios < 100 ms',
    pass: warmMs < 100 && warm.unchanged === 200,
  };
}

async function benchSearch(workDir: string) {
  const contentDir = join(workDir, 'content-fts');
  // 100 documents of ~50 KB: about 5 MB of text.
  generateScenarioFolders(contentDir, 100, 50_000, 7);
  const database = await openDatabase(join(workDir, 'fts.db'));
  await syncContent(database.db, [{ dir: contentDir, origin: 'bundled' }]);
  const indexedBytes = (database.sqlite.prepare(`SELECT sum(length(content)) AS n FROM documents`).get() as { n: number }).n;
  const random = seededRandom(99);
  for (let i = 0; i < 50; i++) await searchDocuments(database.db, { query: randomQuery(random) });
  const samples: number[] = [];
  for (let i = 0; i < 1_000; i++) {
    const query = randomQuery(random);
    const start = performance.now();
    await searchDocuments(database.db, { query, limit: 10 });
    samples.push(performance.now() - start);
  }
  await database.close();
  const stats = summarize(samples);
  return {
    indexedMegabytes: round(indexedBytes / 1_000_000, 2),
    queries: stats.count,
    ...stats,
    target: 'FTS search p99 < 10 ms over ~5 MB',
    pass: stats.p99Ms < 10,
  };
}

async function benchMessageAppend(workDir: string) {
  const count = 20_000;
  const database = await openDatabase(join(workDir, 'append.db'));
  const now = new Date().toISOString();
  await database.db.insertInto('users').values({ id: 'u', display_name: 'Bench', role: 'trainee', pin_hash: null, created_at: now, updated_at: now }).execute();
  await database.db.insertInto('scenario_versions').values({ checksum: 'bench', scenario_id: 'bench', version: '1.0.0', definition_json: '{}', first_seen_at: now }).execute();
  for (const id of ['s-layer', 's-raw']) {
    await database.db.insertInto('sessions').values({
      id, user_id: 'u', scenario_id: 'bench', scenario_version: '1.0.0', scenario_checksum: 'bench', variant: 'A', status: 'in_progress', completion_reason: null,
      engine: 'offline', current_step_index: 0, total_score: null, passed: null, started_at: now, last_activity_at: now, completed_at: null, created_at: now, updated_at: now,
    }).execute();
  }
  const nativeBinding = nativeBindingForThisRuntime();
  // The raw side gets its own connection with the same pragmas, as a hand-written app would.
  const raw = new BetterSqlite3(database.path, nativeBinding ? { nativeBinding } : {});
  raw.pragma('journal_mode = WAL');
  raw.pragma('foreign_keys = ON');
  raw.pragma('synchronous = NORMAL');
  raw.pragma('wal_autocheckpoint = 4000');
  const insert = raw.prepare(
    `INSERT INTO messages (id, session_id, seq, role, content, step_id, engine, prompt_tokens, completion_tokens, response_ms, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const content = 'Thank you for calling, I am sorry to hear about the damage. Could I have your policy number, please?';

  const runLayer = async (from: number, to: number) => {
    const start = performance.now();
    for (let seq = from; seq < to; seq++) {
      await appendMessage(database.db, {
        session_id: 's-layer', seq, role: 'trainee', content, step_id: 'greeting', engine: null,
        prompt_tokens: null, completion_tokens: null, response_ms: null, created_at: new Date().toISOString(),
      });
    }
    return performance.now() - start;
  };
  const runRaw = (from: number, to: number) => {
    const start = performance.now();
    for (let seq = from; seq < to; seq++) {
      insert.run(newId(), 's-raw', seq, 'trainee', content, 'greeting', null, null, null, null, new Date().toISOString());
    }
    return performance.now() - start;
  };

  // Interleave rounds so neither side benefits from a warmer cache or a smaller table.
  let layerMs = 0;
  let rawMs = 0;
  const rounds = 10;
  const perRound = count / rounds;
  await runLayer(count, count + 500);
  runRaw(count, count + 500);
  for (let r = 0; r < rounds; r++) {
    rawMs += runRaw(r * perRound, (r + 1) * perRound);
    layerMs += await runLayer(r * perRound, (r + 1) * perRound);
  }
  raw.close();
  await database.close();
  const layerPerSecond = count / (layerMs / 1000);
  const rawPerSecond = count / (rawMs / 1000);
  const ratio = layerPerSecond / rawPerSecond;
  return {
    messages: count,
    dataLayerPerSecond: Math.round(layerPerSecond),
    rawPerSecond: Math.round(rawPerSecond),
    ratio: round(ratio, 3),
    target: 'data layer append throughput >= 0.5 x raw better-sqlite3',
    pass: ratio >= 0.5,
  };
}

async function main() {
  const workDir = mkdtempSync(join(tmpdir(), 'chattrain-bench-'));
  const startedAt = new Date().toISOString();
  try {
    log('content load (200 scenarios)…');
    const contentLoad = await benchContentLoad(workDir);
    log('document search (~5 MB)…');
    const documentSearch = await benchSearch(workDir);
    log('message append (data layer vs raw)…');
    const messageAppend = await benchMessageAppend(workDir);
    const training = await benchTraining(workDir);
    log('LLM streaming overhead…');
    const streaming = await benchStreaming(workDir);
    const facilitator = await benchFacilitator(workDir);
    const results = { contentLoad, documentSearch, messageAppend, ...training, ...streaming, ...facilitator };
    const output = {
      startedAt,
      machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', node: process.version },
      results,
      allPass: Object.values(results).every((result) => result.pass),
    };
    process.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

// `--json` is accepted for symmetry with other tools; the output is always JSON.
main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
