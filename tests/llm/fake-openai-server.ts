import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A small OpenAI-compatible HTTP server for tests, on 127.0.0.1 (a free port). It speaks
 * real HTTP and real SSE (`data: {chunk}\n\n` … `data: [DONE]\n\n`), so the official SDK,
 * undici and our error handling are exercised end to end.
 *
 * Each request to `/v1/chat/completions` or `/v1/models` takes the next behaviour from a
 * queue (`enqueue`); with the queue empty it answers normally. Every request is recorded.
 */

export interface FakeUsage {
  prompt_tokens: number;
  completion_tokens: number;
}

export type FakeBehaviour =
  | {
      kind: 'stream';
      tokens: string[];
      /** Pause before each token. Default 0. */
      tokenIntervalMs?: number;
      /** The final chunk's finish_reason; null sends no finish chunk at all. Default 'stop'. */
      finishReason?: 'stop' | 'length' | 'content_filter' | null;
      /** Usage to report when the client asked for it (stream_options.include_usage); null never reports. */
      usage?: FakeUsage | null;
      /** End the response cleanly without `data: [DONE]`. */
      omitDone?: boolean;
      /** After this many tokens, send `data: {"error":{…}}` and end the response. */
      errorAfter?: number;
      /** After this many tokens, destroy the socket (the connection drops mid-stream). */
      dropAfter?: number;
      /** After this many tokens, send nothing more but keep the connection open. */
      stallAfter?: number;
    }
  | { kind: 'json'; content: string; finishReason?: 'stop' | 'length'; usage?: FakeUsage | null }
  | { kind: 'status'; status: number; retryAfter?: string; body?: unknown }
  | { kind: 'hang' };

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body (undefined for GET). */
  body: any;
}

export interface FakeOpenAiServer {
  /** The base URL to configure: `http://127.0.0.1:<port>/v1`. */
  readonly baseUrl: string;
  readonly port: number;
  readonly requests: RecordedRequest[];
  /** Chat completion requests only. */
  readonly chatRequests: RecordedRequest[];
  enqueue(...behaviours: FakeBehaviour[]): void;
  close(): Promise<void>;
}

export interface FakeServerOptions {
  /** Called (with performance.now()) when a chat request arrives and after each token is written (the bench uses it). */
  onTiming?: (event: { type: 'request' } | { type: 'token'; index: number }, at: number) => void;
  models?: string[];
  /** Tokens of the default reply. */
  defaultTokens?: string[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function startFakeOpenAiServer(options: FakeServerOptions = {}): Promise<FakeOpenAiServer> {
  const models = options.models ?? ['fake-model', 'fake-model-large'];
  const defaultTokens = options.defaultTokens ?? ['Hello', ',', ' how', ' can', ' I', ' help', '?'];
  const queue: FakeBehaviour[] = [];
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  let counter = 0;

  const server = createServer((req, res) => {
    void handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
      else res.destroy();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  async function readBody(req: IncomingMessage): Promise<string> {
    const parts: Buffer[] = [];
    for await (const part of req) parts.push(part as Buffer);
    return Buffer.concat(parts).toString('utf8');
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const text = await readBody(req);
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = text;
    }
    const record: RecordedRequest = { method: req.method ?? 'GET', path, headers: req.headers, body };
    requests.push(record);
    if (req.method === 'POST') options.onTiming?.({ type: 'request' }, performance.now());

    const isChat = req.method === 'POST' && path === '/v1/chat/completions';
    const isModels = req.method === 'GET' && path === '/v1/models';
    if (!isChat && !isModels) {
      sendJson(res, 404, { error: { message: `Unknown path ${path}`, type: 'invalid_request_error' } });
      return;
    }
    const behaviour = queue.shift();
    if (behaviour?.kind === 'hang') return; // never answers; close() ends the socket
    if (behaviour?.kind === 'status') {
      const headers: Record<string, string> = {};
      if (behaviour.retryAfter !== undefined) headers['retry-after'] = behaviour.retryAfter;
      sendJson(res, behaviour.status, behaviour.body ?? { error: { message: `Fake status ${behaviour.status}`, type: 'fake_error' } }, headers);
      return;
    }
    if (isModels) {
      sendJson(res, 200, { object: 'list', data: models.map((id) => ({ id, object: 'model', created: 0, owned_by: 'fake' })) });
      return;
    }

    const request = (body ?? {}) as { model?: string; stream?: boolean; stream_options?: { include_usage?: boolean }; messages?: unknown[] };
    const model = request.model ?? 'fake-model';
    const id = `chatcmpl-fake-${++counter}`;
    const promptTokens = Math.max(1, Math.ceil(JSON.stringify(request.messages ?? []).length / 4));

    if (!request.stream) {
      const content = behaviour?.kind === 'json' ? behaviour.content : (behaviour?.kind === 'stream' ? behaviour.tokens : defaultTokens).join('');
      const finishReason = behaviour?.kind === 'json' ? (behaviour.finishReason ?? 'stop') : 'stop';
      const usage = behaviour?.kind === 'json' && behaviour.usage !== undefined ? behaviour.usage : { prompt_tokens: promptTokens, completion_tokens: Math.ceil(content.length / 4) };
      sendJson(res, 200, {
        id,
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model,
        choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: finishReason, logprobs: null }],
        ...(usage ? { usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens } } : {}),
      });
      return;
    }

    const script: Extract<FakeBehaviour, { kind: 'stream' }> =
      behaviour?.kind === 'stream' ? behaviour : { kind: 'stream', tokens: behaviour?.kind === 'json' ? [behaviour.content] : defaultTokens };
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    res.flushHeaders();
    const created = Math.floor(Date.now() / 1000);
    const chunk = (choices: unknown[], extra: Record<string, unknown> = {}) =>
      res.write(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices, ...extra })}\n\n`);

    chunk([{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }]);
    for (let index = 0; index < script.tokens.length; index++) {
      if (script.dropAfter !== undefined && index === script.dropAfter) {
        await drop(res);
        return;
      }
      if (script.stallAfter !== undefined && index === script.stallAfter) return; // close() ends it
      if (script.errorAfter !== undefined && index === script.errorAfter) {
        res.write(`data: ${JSON.stringify({ error: { message: 'The fake model crashed mid-stream', type: 'server_error' } })}\n\n`);
        res.end();
        return;
      }
      if (script.tokenIntervalMs) await sleep(script.tokenIntervalMs);
      if (res.destroyed) return;
      chunk([{ index: 0, delta: { content: script.tokens[index] }, finish_reason: null }]);
      options.onTiming?.({ type: 'token', index }, performance.now());
    }
    if (script.dropAfter !== undefined && script.dropAfter >= script.tokens.length) {
      await drop(res);
      return;
    }
    const finishReason = script.finishReason === undefined ? 'stop' : script.finishReason;
    if (finishReason !== null) chunk([{ index: 0, delta: {}, finish_reason: finishReason }]);
    if (request.stream_options?.include_usage && script.usage !== null) {
      const usage = script.usage ?? { prompt_tokens: promptTokens, completion_tokens: script.tokens.length };
      chunk([], { usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens } });
    }
    if (!script.omitDone) res.write('data: [DONE]\n\n');
    res.end();
  }

  /** Lets what was written reach the client, then cuts the connection without ending the response. */
  async function drop(res: ServerResponse) {
    const socket = res.socket;
    if (!socket) return;
    await new Promise<void>((resolve) => socket.write('', () => resolve()));
    await sleep(10);
    socket.destroy();
  }

  function sendJson(res: ServerResponse, status: number, payload: unknown, headers: Record<string, string> = {}) {
    const text = JSON.stringify(payload);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
    res.end(text);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    port,
    requests,
    get chatRequests() {
      return requests.filter((request) => request.path === '/v1/chat/completions');
    },
    enqueue(...behaviours) {
      queue.push(...behaviours);
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A port on 127.0.0.1 where nothing listens (a server was started there and closed). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
