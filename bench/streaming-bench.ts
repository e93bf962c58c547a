import { fork } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createChatTrainCore } from '../electron/main/chattrain-core';
import { startWebServer } from '../electron/main/web/web-server';
import { log, percentile, round, summarize } from './stats';

const TOKENS = 200;
const TOKEN_INTERVAL_MS = 5; // 200 tokens per second
const RUNS = 5;

interface RunResult {
  clicked: number;
  requestAt: number;
  sentAt: number[];
  receivedAt: number[];
}

/**
 * The least any relay costs on this machine: it reads the model server's SSE stream with a
 * bare http.request and writes each token straight on to the client as an SSE event. Its
 * latency is transport and scheduling, which the app cannot avoid; what the app adds is
 * measured against it.
 */
async function startBareRelay(modelBaseUrl: string) {
  const server = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
    const upstream = request(`${modelBaseUrl}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' } }, (up) => {
      let buffer = '';
      up.on('data', (chunk) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (!frame.startsWith('data: ') || frame === 'data: [DONE]') continue;
          const content = (JSON.parse(frame.slice(6)) as { choices?: { delta?: { content?: string } }[] }).choices?.[0]?.delta?.content;
          if (content) res.write(`data: ${JSON.stringify({ delta: content })}\n\n`);
        }
      });
      up.on('end', () => res.end('data: end\n\n'));
    });
    upstream.end(JSON.stringify({ model: 'fake-model', stream: true, messages: [{ role: 'user', content: 'hi' }] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/**
 * Streaming overhead the app adds. A second process plays both the model server (streaming
 * 200 tokens at 200 tokens/s) and the renderer (a browser-mode client receiving them as
 * events), so both ends share one clock and this process runs only the app. Per token: the
 * time from the model server writing it to the client receiving it, minus the same for the
 * bare relay above (what any relay costs here). First token: the client's wait after Begin
 * minus the model server's own time to its first token.
 */
export async function benchStreaming(workDir: string) {
  const contentDir = join(workDir, 'stream-content', 'stream');
  mkdirSync(contentDir, { recursive: true });
  writeFileSync(join(contentDir, 'scenario.yaml'), [
    'id: bench.stream.v1', 'title: Stream bench', 'description: Streaming bench.', 'domain: bench', 'version: 1.0.0', 'difficulty: beginner',
    'persona: { name: Pat, role: Customer }',
    'steps:', '  - { id: one, persona_says: "Hello?", goal: Greet, expected_keywords: [hello] }',
  ].join('\n'));

  const other = fork(fileURLToPath(new URL('./fake-provider-process.ts', import.meta.url)), { execArgv: ['--import', 'tsx'] });
  let nextResult: ((result: RunResult) => void) | null = null;
  const baseUrl = await new Promise<string>((resolve) => {
    other.on('message', (message: { baseUrl?: string; result?: RunResult }) => {
      if (message.baseUrl) resolve(message.baseUrl);
      if (message.result) nextResult?.(message.result);
    });
  });
  const measure = async (command: object): Promise<RunResult> => {
    const result = new Promise<RunResult>((resolve) => (nextResult = resolve));
    other.send(command);
    return result;
  };

  const relay = await startBareRelay(baseUrl);
  const core = await createChatTrainCore({ dataDir: join(workDir, 'stream-data'), bundledContentDir: join(workDir, 'stream-content'), mode: 'web', appVersion: 'bench' });
  const server = await startWebServer({ core, rendererDir: join(workDir, 'no-renderer') });
  await core.provider.configure({ baseUrl, model: 'fake-model' }, true);

  const appRuns: RunResult[] = [];
  const relayRuns: RunResult[] = [];
  // Alternate app and relay runs so both see the same machine; the first of each warms up.
  for (let run = 0; run < RUNS + 1; run++) {
    const app = await measure({ run: { origin: server.origin, token: server.token, scenarioId: 'bench.stream.v1', tokens: TOKENS, tokenIntervalMs: TOKEN_INTERVAL_MS } });
    const bare = await measure({ relay: { url: relay.url, tokens: TOKENS, tokenIntervalMs: TOKEN_INTERVAL_MS } });
    if (run > 0) {
      appRuns.push(app);
      relayRuns.push(bare);
    }
  }
  other.send({ close: true });
  await server.close();
  await relay.close();
  await core.close();

  const latencies = (runs: RunResult[]) => runs.flatMap((run) => run.sentAt.map((sent, index) => run.receivedAt[index]! - sent));
  const appLatency = latencies(appRuns);
  const relayLatency = latencies(relayRuns);
  const firstToken = appRuns.map((run) => run.receivedAt[0]! - run.clicked - (run.sentAt[0]! - run.requestAt));
  log(`streamed ${appLatency.length} tokens through the app, ${relayLatency.length} through the bare relay`);
  const app = summarize(appLatency);
  const bare = summarize(relayLatency);
  const addedP50 = round(percentile(appLatency, 50) - percentile(relayLatency, 50));
  const addedP99 = round(percentile(appLatency, 99) - percentile(relayLatency, 99));
  const firstStats = summarize(firstToken);
  return {
    streamingPerToken: {
      tokens: app.count,
      tokensPerSecond: 1000 / TOKEN_INTERVAL_MS,
      appLatencyMs: { p50: app.p50Ms, p99: app.p99Ms },
      bareRelayLatencyMs: { p50: bare.p50Ms, p99: bare.p99Ms },
      addedP50Ms: addedP50,
      addedP99Ms: addedP99,
      target: 'overhead the app adds per streamed token (app latency − bare relay latency), p99 < 2 ms at 200 tokens/s',
      pass: addedP99 < 2,
    },
    streamingFirstToken: {
      runs: firstStats.count,
      p50Ms: firstStats.p50Ms,
      maxMs: firstStats.maxMs,
      target: 'overhead the app adds to the first token (request handling, prompt, storage) < 20 ms',
      pass: firstStats.p50Ms < 20,
    },
  };
}
