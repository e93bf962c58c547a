import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { nativeBindingForThisRuntime } from '../../electron/main/db/native-binding';
import { openDatabase } from '../../electron/main/db/open-database';
import { TrainingService } from '../../electron/main/training/training-service';

const dir = mkdtempSync(join(tmpdir(), 'chattrain-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the turn writer until it has committed `killAfter` answers (plus a random moment), then SIGKILLs it. */
function runAndKill(databasePath: string, killAfter: number, extraDelayMs: number) {
  return new Promise<{ sessionId: string; committed: number[]; signal: NodeJS.Signals | null }>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'turn-writer.ts'), databasePath], { stdio: ['ignore', 'pipe', 'pipe'] });
    let sessionId = '';
    const committed: number[] = [];
    let buffer = '';
    let killing = false;
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.stdout.on('data', (chunk) => {
      buffer += chunk;
      const lines = buffer.split('\n');
      buffer = lines.pop()!;
      for (const line of lines) {
        if (line.startsWith('session ')) sessionId = line.slice(8);
        if (line.startsWith('committed ')) committed.push(Number(line.slice(10)));
      }
      if (!killing && committed.length >= killAfter) {
        killing = true;
        setTimeout(() => child.kill('SIGKILL'), extraDelayMs);
      }
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`turn writer exited on its own (code ${code}): ${stderr}`));
      else resolve({ sessionId, committed, signal });
    });
  });
}

describe('a process killed in the middle of turns', () => {
  for (const [round, killAfter, delay] of [[1, 40, 0], [2, 120, 3], [3, 250, 7]] as const) {
    it(`loses no committed answer and leaves a sound database (round ${round})`, async () => {
      const databasePath = join(dir, `crash-${round}.db`);
      const { sessionId, committed } = await runAndKill(databasePath, killAfter, delay);
      expect(committed.length).toBeGreaterThanOrEqual(killAfter);

      const nativeBinding = nativeBindingForThisRuntime();
      const db = new BetterSqlite3(databasePath, nativeBinding ? { nativeBinding } : {});
      try {
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
        const answers = db
          .prepare(`SELECT content FROM messages WHERE session_id = ? AND role = 'trainee' ORDER BY seq`)
          .all(sessionId)
          .map((row) => (row as { content: string }).content);
        // Every answer reported as committed is there, in order; at most one more (committed
        // but not yet reported when the kill came) may follow.
        for (const turn of committed) expect(answers[turn]).toMatch(new RegExp(`^answer ${turn} `));
        expect(answers.length - committed.length).toBeLessThanOrEqual(1);
        // Each evaluated answer has exactly one feedback row; only the last may still lack one.
        const unevaluated = db
          .prepare(`SELECT m.seq FROM messages m LEFT JOIN feedback f ON f.message_id = m.id WHERE m.session_id = ? AND m.role = 'trainee' AND f.id IS NULL`)
          .all(sessionId) as { seq: number }[];
        expect(unevaluated.length).toBeLessThanOrEqual(1);
        const progress = db.prepare(`SELECT sum(attempts) AS attempts FROM step_progress WHERE session_id = ?`).get(sessionId) as { attempts: number };
        expect(progress.attempts).toBe(answers.length - unevaluated.length);
      } finally {
        db.close();
      }

      // Reopening the app resumes the session: an answer left unevaluated by the kill is evaluated now.
      const database = await openDatabase(databasePath);
      try {
        const view = await new TrainingService(database.db).view(sessionId);
        expect(view.session.status).toBe('in_progress');
        const trainee = view.messages.filter((message) => message.role === 'trainee');
        const evaluated = new Set(view.feedback.map((item) => item.messageId));
        expect(trainee.every((message) => evaluated.has(message.id))).toBe(true);
      } finally {
        await database.close();
      }
    }, 60_000);
  }
});
