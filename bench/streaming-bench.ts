import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createChatTrainCore } from '../electron/main/chattrain-core';
import { startWebServer, type RunningWebServer } from '../electron/main/web/web-server';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { log, summarize } from './stats';

const TOKENS = 200;
const TOKEN_INTERVAL_MS = 5; // 200 tokens per second
const RUNS = 5;

/** A browser-mode client: the same HTTP + SSE calls the web bridge makes. */
function invoke(server: RunningWebServer, channel: string, input: unknown): Promise<any> {
  const body = JSON.stringify({ channel, input });
  return new Promise((resolve, reject) => {
    const req = request(`${server.origin}/api/invoke`, { method: 'POST', headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' } }, (res) => {
      let text = '';
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => {
        const result = JSON.parse(text);
        if (result.ok) resolve(result.value);
        else reject(new Error(result.error.message));
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

function listenToEvents(server: RunningWebServer, onEvent: (event: string, payload: any, at: number) => void): () => void {
  const req = request(`${server.origin}/api/events`, { headers: { authorization: `Bearer ${server.token}` } }, (res) => {
    let buffer = '';
    res.on('data', (chunk) => {
      const at = performance.timeOrigin + performance.now();
      buffer += chunk;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (!frame.startsWith('data: ')) continue;
        const { event, payload } = JSON.parse(frame.slice(6));
        onEvent(event, payload, at);
      }
    });
  });
  req.end();
  return () => req.destroy();
}

/**
 * Streaming overhead the app adds: a fake OpenAI-compatible server streams 200 tokens at
 * 200 tokens/s; a browser-mode client receives them as events. Per token, the time from the
 * fake server writing it to the client receiving it; for the first token, the client's wait
 * minus the fake server's own time to first token.
 */
export async function benchStreaming(workDir: string) {
  const contentDir = join(workDir, 'stream-content', 'stream');
  mkdirSync(contentDir, { recursive: true });
  writeFileSync(join(contentDir, 'scenario.yaml'), [
    'id: bench.stream.v1', 'title: Stream bench', 'description: Streaming bench.', 'domain: bench', 'version: 1.0.0', 'difficulty: beginner',
    'persona: { name: Pat, role: Customer }',
    'steps:', '  - { id: one, persona_says: "Hello?", goal: Greet, expected_keywords: [hello] }',
  ].join('\n'));

  let requestAt = 0;
  const sentAt: number[] = [];
  // The model server runs in its own process, as a real one would; timings are epoch ms.
  const fake = fork(fileURLToPath(new URL('./fake-provider-process.ts', import.meta.url)), { execArgv: ['--import', 'tsx'] });
  const baseUrl = await new Promise<string>((resolve) => {
    fake.on('message', (message: { baseUrl?: string; timing?: { type: 'request' } | { type: 'token'; index: number }; at?: number }) => {
      if (message.baseUrl) resolve(message.baseUrl);
      if (message.timing?.type === 'request') requestAt = message.at!;
      if (message.timing?.type === 'token') sentAt[message.timing.index] = message.at!;
    });
  });
  const now = () => performance.timeOrigin + performance.now();
  const core = await createChatTrainCore({ dataDir: join(workDir, 'stream-data'), bundledContentDir: join(workDir, 'stream-content'), mode: 'web', appVersion: 'bench' });
  const server = await startWebServer({ core, rendererDir: join(workDir, 'no-renderer') });
  await core.provider.configure({ baseUrl, model: 'fake-model' }, true);

  const perToken: number[] = [];
  const firstToken: number[] = [];
  let receivedAt: number[] = [];
  let finished: (() => void) | null = null;
  const stop = listenToEvents(server, (event, payload, at) => {
    if (event === 'session.token') receivedAt.push(at);
    if (event === 'session.updated' && receivedAt.length >= TOKENS) finished?.();
  });
  await new Promise((resolve) => setTimeout(resolve, 50));

  for (let run = 0; run < RUNS + 1; run++) {
    receivedAt = [];
    sentAt.length = 0;
    fake.send({ enqueue: { kind: 'stream', tokens: Array.from({ length: TOKENS }, (_, i) => ` t${i}`), tokenIntervalMs: TOKEN_INTERVAL_MS } });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const created = await invoke(server, 'sessions.create', { scenarioId: 'bench.stream.v1' });
    const done = new Promise<void>((resolve) => (finished = resolve));
    const clicked = now();
    await invoke(server, 'sessions.start', { sessionId: created.session.id });
    await done;
    // The last timing messages from the model server's process may still be in flight.
    await new Promise((resolve) => setTimeout(resolve, 50));
    if (run === 0) continue; // warm-up
    firstToken.push(receivedAt[0]! - clicked - (sentAt[0]! - requestAt));
    for (let i = 0; i < TOKENS; i++) perToken.push(receivedAt[i]! - sentAt[i]!);
  }
  stop();
  await server.close();
  await core.close();
  fake.send({ close: true });
  log(`streamed ${perToken.length} tokens`);
  const tokenStats = summarize(perToken);
  const firstStats = summarize(firstToken);
  return {
    streamingPerToken: {
      tokens: tokenStats.count,
      tokensPerSecond: 1000 / TOKEN_INTERVAL_MS,
      p50Ms: tokenStats.p50Ms,
      p99Ms: tokenStats.p99Ms,
      target: 'overhead the app adds per streamed token, fake server → browser-mode client: p99 < 2 ms at 200 tokens/s',
      pass: tokenStats.p99Ms < 2,
    },
    streamingFirstToken: {
      runs: firstStats.count,
      p50Ms: firstStats.p50Ms,
      maxMs: firstStats.maxMs,
      target: 'overhead the app adds to the first token (request handling, prompt, storage) < 20 ms',
      pass: firstStats.maxMs < 20,
    },
  };
}
