import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createLlmClient, type LlmClient } from '../../electron/main/llm/llm-client';
import { isRetryable, LlmError, type LlmErrorKind } from '../../electron/main/llm/llm-error';
import { parseProviderConfig, type ProviderConfigInput } from '../../shared/llm/provider-config';
import { RateLimiter } from '../../electron/main/llm/rate-limiter';
import { closedPort, startFakeOpenAiServer, type FakeOpenAiServer } from './fake-openai-server';

const API_KEY = 'sk-test-SECRET-0123456789abcdefXYZ';
const messages = [
  { role: 'system' as const, content: 'You are Dana.' },
  { role: 'user' as const, content: 'Hello, how can I help?' },
];

let server: FakeOpenAiServer;
const clients: LlmClient[] = [];
/** Every error message produced in this file: none may contain the key. */
const seenMessages: string[] = [];

function client(overrides: Partial<ProviderConfigInput> = {}, key: string | null = API_KEY): LlmClient {
  const created = createLlmClient(parseProviderConfig({ baseUrl: server.baseUrl, model: 'fake-model', ...overrides }), key, {
    rateLimiter: new RateLimiter({ requestsPerMinute: 10_000, tokensPerHour: 100_000_000 }),
  });
  clients.push(created);
  return created;
}

async function failure(promise: Promise<unknown>, kind: LlmErrorKind): Promise<LlmError> {
  const error = await promise.then(
    () => {
      throw new Error(`expected a ${kind} failure, but the call succeeded`);
    },
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(LlmError);
  const llmError = error as LlmError;
  seenMessages.push(llmError.message);
  expect(llmError.message).not.toContain(API_KEY);
  expect(JSON.stringify(llmError.toJSON())).not.toContain(API_KEY);
  expect(llmError.kind, llmError.message).toBe(kind);
  expect(llmError.code).toBe('LLM_ERROR');
  return llmError;
}

beforeAll(async () => {
  server = await startFakeOpenAiServer();
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((created) => created.dispose()));
});

afterAll(async () => {
  await server.close();
});

describe('streamChat', () => {
  it('streams tokens in order and reports token counts and timings', async () => {
    server.enqueue({ kind: 'stream', tokens: ['I ', 'need ', 'help ', 'with ', 'my ', 'claim.'], tokenIntervalMs: 5, usage: { prompt_tokens: 42, completion_tokens: 6 } });
    const tokens: string[] = [];
    const result = await client().streamChat({ messages, onToken: (delta) => tokens.push(delta) });
    expect(tokens).toEqual(['I ', 'need ', 'help ', 'with ', 'my ', 'claim.']);
    expect(result).toMatchObject({ content: 'I need help with my claim.', finishReason: 'stop', promptTokens: 42, completionTokens: 6, usageEstimated: false });
    expect(result.firstTokenMs).not.toBeNull();
    expect(result.firstTokenMs!).toBeGreaterThanOrEqual(0);
    expect(result.responseMs).toBeGreaterThanOrEqual(result.firstTokenMs!);
    expect(result.responseMs).toBeGreaterThanOrEqual(25);

    const request = server.chatRequests.at(-1)!;
    expect(request.body).toMatchObject({ model: 'fake-model', stream: true, stream_options: { include_usage: true }, temperature: 0.7, max_tokens: 300, messages });
  });

  it('sends the API key as a bearer token, and a placeholder when there is none', async () => {
    await client().streamChat({ messages });
    expect(server.chatRequests.at(-1)!.headers.authorization).toBe(`Bearer ${API_KEY}`);
    await client({}, null).streamChat({ messages });
    expect(server.chatRequests.at(-1)!.headers.authorization).toBe('Bearer not-needed');
  });

  it('uses per-request temperature and max tokens', async () => {
    await client({ temperature: 1.1, maxTokens: 99 }).streamChat({ messages, temperature: 0.2, maxTokens: 50 });
    expect(server.chatRequests.at(-1)!.body).toMatchObject({ temperature: 0.2, max_tokens: 50 });
  });

  it('estimates tokens when the server sends no usage', async () => {
    server.enqueue({ kind: 'stream', tokens: ['abcd', 'efgh'], usage: null });
    const result = await client().streamChat({ messages });
    expect(result.usageEstimated).toBe(true);
    expect(result.completionTokens).toBe(2);
    expect(result.promptTokens).toBeGreaterThan(0);
  });

  it('accepts a stream with finish_reason stop even without [DONE]', async () => {
    server.enqueue({ kind: 'stream', tokens: ['Fine.'], omitDone: true });
    await expect(client().streamChat({ messages })).resolves.toMatchObject({ content: 'Fine.' });
  });

  it('hides a leading <think> block of reasoning models', async () => {
    server.enqueue({ kind: 'stream', tokens: ['<thi', 'nk>The user ', 'greets me.</th', 'ink>\n\n', 'Hi', ' there.'] });
    const tokens: string[] = [];
    const result = await client().streamChat({ messages, onToken: (delta) => tokens.push(delta) });
    expect(result.content).toBe('Hi there.');
    expect(tokens.join('')).toBe('Hi there.');
  });

  it('stops within 100 ms when aborted and keeps the partial reply', async () => {
    server.enqueue({ kind: 'stream', tokens: ['One ', 'two ', 'three ', 'four ', 'five ', 'six ', 'seven ', 'eight'], tokenIntervalMs: 60 });
    const controller = new AbortController();
    const received: string[] = [];
    let abortedAt = 0;
    const promise = client().streamChat({
      messages,
      signal: controller.signal,
      onToken: (delta) => {
        received.push(delta);
        if (received.length === 3) {
          abortedAt = performance.now();
          controller.abort();
        }
      },
    });
    const error = await failure(promise, 'cancelled');
    const stoppedAfterMs = performance.now() - abortedAt;
    expect(stoppedAfterMs).toBeLessThan(100);
    expect(error.partialContent).toBe('One two three ');
    expect(error.partialStats).toMatchObject({ usageEstimated: true });
    expect(error.partialStats!.completionTokens).toBeGreaterThan(0);
    expect(isRetryable(error)).toBe(false);
    // No token arrives after the stop.
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(received.join('')).toBe('One two three ');
  });

  it('stops within 100 ms when aborted before the first token', async () => {
    server.enqueue({ kind: 'hang' });
    const controller = new AbortController();
    const promise = client().streamChat({ messages, signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const abortedAt = performance.now();
    controller.abort();
    const error = await failure(promise, 'cancelled');
    expect(performance.now() - abortedAt).toBeLessThan(100);
    expect(error.partialContent).toBe('');
  });

  it('rejects at once when the signal is already aborted, without a request', async () => {
    const before = server.chatRequests.length;
    const controller = new AbortController();
    controller.abort();
    await failure(client().streamChat({ messages, signal: controller.signal }), 'cancelled');
    expect(server.chatRequests.length).toBe(before);
  });

  it('reports a dropped connection (no [DONE], no finish_reason) as stream_incomplete with the partial reply', async () => {
    server.enqueue({ kind: 'stream', tokens: ['Part ', 'of ', 'a ', 'reply'], dropAfter: 2 });
    const error = await failure(client().streamChat({ messages }), 'stream_incomplete');
    expect(error.partialContent).toBe('Part of ');
    expect(error.message).toMatch(/ended before the reply was complete/);
    expect(isRetryable(error)).toBe(true);
  });

  it('reports a cleanly ended stream without finish_reason and [DONE] as stream_incomplete', async () => {
    server.enqueue({ kind: 'stream', tokens: ['Half ', 'a'], finishReason: null, omitDone: true });
    const error = await failure(client().streamChat({ messages }), 'stream_incomplete');
    expect(error.partialContent).toBe('Half a');
  });

  it('reports finish_reason length as truncated with the partial reply', async () => {
    server.enqueue({ kind: 'stream', tokens: ['A long ', 'answer'], finishReason: 'length' });
    const error = await failure(client({ maxTokens: 2 }).streamChat({ messages }), 'truncated');
    expect(error.partialContent).toBe('A long answer');
    expect(error.finishReason).toBe('length');
    expect(error.message).toMatch(/length limit \(2 tokens\)/);
  });

  it('reports finish_reason content_filter as truncated', async () => {
    server.enqueue({ kind: 'stream', tokens: ['Well'], finishReason: 'content_filter' });
    const error = await failure(client().streamChat({ messages }), 'truncated');
    expect(error.message).toMatch(/content filter/);
    expect(error.partialContent).toBe('Well');
  });

  it('reports an error object in the middle of the stream as stream_error', async () => {
    server.enqueue({ kind: 'stream', tokens: ['Sure, ', 'let ', 'me'], errorAfter: 2 });
    const error = await failure(client().streamChat({ messages }), 'stream_error');
    expect(error.partialContent).toBe('Sure, let ');
    expect(error.message).toMatch(/The fake model crashed mid-stream/);
  });

  it('times out when the stream pauses longer than timeoutMs, keeping the partial reply', async () => {
    server.enqueue({ kind: 'stream', tokens: ['First ', 'second ', 'third'], stallAfter: 2 });
    const started = performance.now();
    const error = await failure(client({ timeoutMs: 250 }).streamChat({ messages }), 'timeout');
    expect(performance.now() - started).toBeLessThan(2000);
    expect(error.partialContent).toBe('First second ');
    expect(error.message).toMatch(/stopped sending for more than 0.3 s/);
  });

  it('retries without stream_options when an older server refuses it', async () => {
    server.enqueue({ kind: 'status', status: 400, body: { error: { message: 'Unrecognized request argument supplied: stream_options' } } }, { kind: 'stream', tokens: ['Ok.'], usage: null });
    const llm = client();
    const before = server.chatRequests.length;
    await expect(llm.streamChat({ messages })).resolves.toMatchObject({ content: 'Ok.', usageEstimated: true });
    expect(server.chatRequests.length - before).toBe(2);
    expect(server.chatRequests.at(-1)!.body.stream_options).toBeUndefined();
  });

  it('reports an empty reply as invalid_output', async () => {
    server.enqueue({ kind: 'stream', tokens: ['  '] });
    await failure(client().streamChat({ messages }), 'invalid_output');
  });
});

describe('HTTP failures', () => {
  it('429 with Retry-After in seconds → rate_limited with retryAfterMs', async () => {
    server.enqueue({ kind: 'status', status: 429, retryAfter: '12', body: { error: { message: 'Rate limit reached for requests', type: 'requests' } } });
    const error = await failure(client().streamChat({ messages }), 'rate_limited');
    expect(error.retryAfterMs).toBe(12_000);
    expect(error.status).toBe(429);
    expect(error.source).toBe('provider');
    expect(error.message).toMatch(/rate-limiting requests; try again in 12 s/);
    expect(isRetryable(error)).toBe(true);
  });

  it('429 with Retry-After as an HTTP date → rate_limited with retryAfterMs', async () => {
    const at = new Date(Date.now() + 30_000).toUTCString();
    server.enqueue({ kind: 'status', status: 429, retryAfter: at });
    const error = await failure(client().completeJson(z.object({ a: z.number() }), { messages }), 'rate_limited');
    expect(error.retryAfterMs).toBeGreaterThan(25_000);
    expect(error.retryAfterMs).toBeLessThanOrEqual(30_000);
  });

  it('429 without Retry-After → rate_limited without a wait', async () => {
    server.enqueue({ kind: 'status', status: 429 });
    const error = await failure(client().streamChat({ messages }), 'rate_limited');
    expect(error.retryAfterMs).toBeUndefined();
  });

  it.each([500, 503])('%i → server_error with the status', async (status) => {
    server.enqueue({ kind: 'status', status });
    const error = await failure(client().streamChat({ messages }), 'server_error');
    expect(error.status).toBe(status);
    expect(error.message).toContain(`HTTP ${status}`);
    expect(isRetryable(error)).toBe(true);
  });

  it('makes exactly one request per call (no hidden SDK retries)', async () => {
    const before = server.chatRequests.length;
    server.enqueue({ kind: 'status', status: 503 });
    await failure(client().streamChat({ messages }), 'server_error');
    expect(server.chatRequests.length - before).toBe(1);
  });

  it('401 → auth, and the provider text is shown without the key', async () => {
    server.enqueue({ kind: 'status', status: 401, body: { error: { message: `Incorrect API key provided: ${API_KEY}.`, type: 'invalid_request_error' } } });
    const error = await failure(client().streamChat({ messages }), 'auth');
    expect(error.message).toMatch(/rejected the API key/);
    expect(error.message).toContain('[redacted]');
    expect(error.message).not.toContain(API_KEY);
    expect(isRetryable(error)).toBe(false);
  });

  it('404 (unknown model) → bad_request naming the model', async () => {
    server.enqueue({ kind: 'status', status: 404, body: { error: { message: 'model "nope" not found, try pulling it first', type: 'api_error' } } });
    const error = await failure(client({ model: 'nope' }).streamChat({ messages }), 'bad_request');
    expect(error.message).toContain('“nope”');
    expect(error.message).toContain('try pulling it first');
  });

  it('a hanging server → timeout within the configured time', async () => {
    server.enqueue({ kind: 'hang' });
    const started = performance.now();
    const error = await failure(client({ timeoutMs: 300 }).streamChat({ messages }), 'timeout');
    expect(performance.now() - started).toBeLessThan(2000);
    expect(error.message).toMatch(/did not answer within 1 s/);
    server.enqueue({ kind: 'hang' });
    await failure(client({ timeoutMs: 300 }).completeJson(z.object({}), { messages }), 'timeout');
  });

  it('connection refused → connection_refused with a helpful message', async () => {
    const port = await closedPort();
    const refused = createLlmClient(parseProviderConfig({ baseUrl: `http://127.0.0.1:${port}/v1`, model: 'm' }), API_KEY);
    clients.push(refused);
    const error = await failure(refused.streamChat({ messages }), 'connection_refused');
    expect(error.message).toBe(`The model server at http://127.0.0.1:${port}/v1 refused the connection. Is the model server running?`);
    await failure(refused.completeJson(z.object({}), { messages }), 'connection_refused');
    const test = await refused.testConnection();
    expect(test).toMatchObject({ ok: false, error: { kind: 'connection_refused' } });
  });

  it('names Ollama when its port refuses', async () => {
    const ollama = createLlmClient(parseProviderConfig({ baseUrl: 'http://127.0.0.1:11434/v1', model: 'llama3.2' }), null);
    clients.push(ollama);
    const result = await ollama.testConnection();
    // Either nothing listens there (the usual case) or a real Ollama answers: both are fine.
    if (!result.ok && result.error.kind === 'connection_refused') expect(result.error.message).toMatch(/Is Ollama running\?/);
  });
});

describe('completeJson', () => {
  const schema = z.object({ verdict: z.enum(['yes', 'no']), reason: z.string() });

  it('asks for JSON, tolerates code fences and validates', async () => {
    server.enqueue({ kind: 'json', content: '```json\n{"verdict":"yes","reason":"ok"}\n```' });
    const before = server.chatRequests.length;
    const result = await client().completeJson(schema, { messages });
    expect(result.value).toEqual({ verdict: 'yes', reason: 'ok' });
    expect(result.attempts).toBe(1);
    expect(result.usage.promptTokens).toBeGreaterThan(0);
    expect(server.chatRequests.length - before).toBe(1);
    const body = server.chatRequests.at(-1)!.body;
    expect(body.response_format).toEqual({ type: 'json_object' });
    expect(body.stream).toBe(false);
    expect(body.messages[0].content).toMatch(/JSON object only/);
  });

  it('malformed once, then valid → success after exactly 2 requests', async () => {
    server.enqueue({ kind: 'json', content: 'Sure! The verdict is yes.' }, { kind: 'json', content: '{"verdict":"no","reason":"missing"}' });
    const before = server.chatRequests.length;
    const result = await client().completeJson(schema, { messages });
    expect(result).toMatchObject({ value: { verdict: 'no', reason: 'missing' }, attempts: 2 });
    expect(server.chatRequests.length - before).toBe(2);
    // The retry tells the model what was wrong.
    const retry = server.chatRequests.at(-1)!.body.messages;
    expect(retry.at(-1).content).toMatch(/not valid JSON/);
  });

  it('malformed twice → invalid_output after exactly 2 requests', async () => {
    server.enqueue({ kind: 'json', content: '{"verdict": maybe' }, { kind: 'json', content: '{"verdict":"perhaps","reason":1}' });
    const before = server.chatRequests.length;
    const error = await failure(client().completeJson(schema, { messages }), 'invalid_output');
    expect(server.chatRequests.length - before).toBe(2);
    expect(error.message).toMatch(/even after one retry/);
  });

  it('falls back to prompt-only JSON when the server refuses response_format', async () => {
    server.enqueue(
      { kind: 'status', status: 400, body: { error: { message: "'response_format.type' must be 'json_schema' or 'text'" } } },
      { kind: 'json', content: '{"verdict":"yes","reason":"fine"}' },
    );
    const llm = client();
    const result = await llm.completeJson(schema, { messages });
    expect(result.value.verdict).toBe('yes');
    expect(server.chatRequests.at(-1)!.body.response_format).toBeUndefined();
    server.enqueue({ kind: 'json', content: '{"verdict":"no","reason":"x"}' });
    await llm.completeJson(schema, { messages });
    expect(server.chatRequests.at(-1)!.body.response_format).toBeUndefined();
  });

  it('cancels through the signal', async () => {
    server.enqueue({ kind: 'hang' });
    const controller = new AbortController();
    const promise = client().completeJson(schema, { messages, signal: controller.signal });
    setTimeout(() => controller.abort(), 30);
    await failure(promise, 'cancelled');
  });
});

describe('testConnection and listModels', () => {
  it('reports success with the model and latency', async () => {
    server.enqueue({ kind: 'json', content: 'OK' });
    const result = await client().testConnection();
    expect(result).toMatchObject({ ok: true, model: 'fake-model' });
    if (result.ok) expect(result.latencyMs).toBeGreaterThanOrEqual(0);
    expect(server.chatRequests.at(-1)!.body).toMatchObject({ model: 'fake-model', stream: false });
  });

  it('reports the exact failure, listing the available models for an unknown one', async () => {
    server.enqueue({ kind: 'status', status: 404, body: { error: { message: 'model "llama9" not found' } } });
    const result = await client({ model: 'llama9' }).testConnection();
    expect(result.ok).toBe(false);
    if (!result.ok) {
      seenMessages.push(result.error.message);
      expect(result.error).toMatchObject({ kind: 'bad_request', status: 404 });
      expect(result.error.message).toMatch(/Models this server offers: fake-model, fake-model-large\./);
    }
  });

  it('reports a rejected key', async () => {
    server.enqueue({ kind: 'status', status: 401 });
    const result = await client().testConnection();
    expect(result).toMatchObject({ ok: false, error: { kind: 'auth', status: 401 } });
    if (!result.ok) seenMessages.push(result.error.message);
  });

  it('lists models', async () => {
    await expect(client().listModels()).resolves.toEqual(['fake-model', 'fake-model-large']);
    expect(server.requests.at(-1)!.headers.authorization).toBe(`Bearer ${API_KEY}`);
  });
});

describe('rate limiting inside the client', () => {
  it('refuses locally with a clear message once the request budget is used up', async () => {
    const limited = createLlmClient(parseProviderConfig({ baseUrl: server.baseUrl, model: 'fake-model', requestsPerMinute: 2 }), API_KEY, {
      rateLimiter: new RateLimiter({ requestsPerMinute: 2, tokensPerHour: 1_000_000, maxWaitMs: 50 }),
    });
    clients.push(limited);
    await limited.streamChat({ messages });
    await limited.streamChat({ messages });
    const before = server.chatRequests.length;
    const error = await failure(limited.streamChat({ messages }), 'rate_limited');
    expect(error.source).toBe('local');
    expect(error.message).toMatch(/ChatTrain's own limit of 2 requests per minute/);
    expect(error.retryAfterMs).toBeGreaterThan(50_000);
    expect(server.chatRequests.length).toBe(before);
  });
});

describe('the API key', () => {
  it('appears in none of the failure messages above', () => {
    // Runs last: the failures of every kind produced by this file were collected.
    const kinds = new Set(seenMessages);
    expect(kinds.size).toBeGreaterThan(15);
    for (const message of seenMessages) expect(message).not.toContain(API_KEY);
    for (const message of seenMessages) expect(message).not.toContain('SECRET-0123456789');
  });
});
