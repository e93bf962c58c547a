// The streaming bench's other side, in its own process: the model server (the fake
// OpenAI-compatible server) and the renderer (a browser-mode client making the same HTTP
// and SSE calls as the web bridge). Both timings come from this one process's clock, and
// the app's process runs nothing but the app (or, for the baseline, a bare relay).
import { request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { startFakeOpenAiServer } from '../tests/llm/fake-openai-server';

type Command =
  | { run: { origin: string; token: string; scenarioId: string; tokens: number; tokenIntervalMs: number } }
  | { relay: { url: string; tokens: number; tokenIntervalMs: number } }
  | { close: true };

let requestAt = 0;
let sentAt: number[] = [];
let receivedAt: number[] = [];
let onUpdated: (() => void) | null = null;

const fake = await startFakeOpenAiServer({
  onTiming: (event, at) => {
    if (event.type === 'request') requestAt = at;
    else sentAt[event.index] = at;
  },
});

function invoke(origin: string, token: string, channel: string, input: unknown): Promise<any> {
  return new Promise((resolve, reject) => {
    const req = request(`${origin}/api/invoke`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } }, (res) => {
      let text = '';
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => {
        const result = JSON.parse(text);
        if (result.ok) resolve(result.value);
        else reject(new Error(result.error.message));
      });
    });
    req.on('error', reject);
    req.end(JSON.stringify({ channel, input }));
  });
}

/** Reads an SSE stream, calling `onEvent` with each `data:` payload and its arrival time. */
function readEvents(url: string, headers: Record<string, string>, onEvent: (data: string, at: number) => void): void {
  const req = request(url, { headers }, (res) => {
    let buffer = '';
    res.on('data', (chunk) => {
      const at = performance.now();
      buffer += chunk;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (frame.startsWith('data: ')) onEvent(frame.slice(6), at);
      }
    });
  });
  req.end();
}

let listening = false;

process.on('message', async (message: Command) => {
  if ('close' in message) {
    await fake.close();
    process.exit(0);
  }
  sentAt = [];
  receivedAt = [];
  if ('relay' in message) {
    const { url, tokens, tokenIntervalMs } = message.relay;
    fake.enqueue({ kind: 'stream', tokens: Array.from({ length: tokens }, (_, i) => ` t${i}`), tokenIntervalMs });
    const done = new Promise<void>((resolve) => (onUpdated = resolve));
    readEvents(url, {}, (data, at) => {
      if (data === 'end') onUpdated?.();
      else receivedAt.push(at);
    });
    await done;
    process.send!({ result: { clicked: 0, requestAt, sentAt, receivedAt } });
    return;
  }
  const { origin, token, scenarioId, tokens, tokenIntervalMs } = message.run;
  if (!listening) {
    listening = true;
    readEvents(`${origin}/api/events`, { authorization: `Bearer ${token}` }, (data, at) => {
      const { event } = JSON.parse(data) as { event: string };
      if (event === 'session.token') receivedAt.push(at);
      if (event === 'session.updated') onUpdated?.();
    });
    await new Promise((resolve) => setTimeout(resolve, 30));
  }
  fake.enqueue({ kind: 'stream', tokens: Array.from({ length: tokens }, (_, i) => ` t${i}`), tokenIntervalMs });
  const created = await invoke(origin, token, 'sessions.create', { scenarioId });
  const done = new Promise<void>((resolve) => (onUpdated = () => receivedAt.length >= tokens && resolve()));
  const clicked = performance.now();
  await invoke(origin, token, 'sessions.start', { sessionId: created.session.id });
  await done;
  process.send!({ result: { clicked, requestAt, sentAt, receivedAt } });
});
process.send!({ baseUrl: fake.baseUrl });
