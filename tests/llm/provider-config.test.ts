import { describe, expect, it } from 'vitest';
import { formatWait, isRetryable, LlmError, parseRetryAfter } from '../../electron/main/llm/llm-error';
import { isLoopbackUrl, parseProviderConfig, providerConfigSchema, providerPresets } from '../../shared/llm/provider-config';
import { extractJson, stripThinking, ThinkFilter } from '../../electron/main/llm/text-utils';

describe('provider config', () => {
  it('fills in the documented defaults', () => {
    expect(parseProviderConfig({ baseUrl: 'http://localhost:11434/v1/', model: ' llama3.2 ' })).toEqual({
      baseUrl: 'http://localhost:11434/v1',
      model: 'llama3.2',
      temperature: 0.7,
      maxTokens: 300,
      timeoutMs: 30_000,
      requestsPerMinute: 30,
      tokensPerHour: 100_000,
      judgeEnabled: true,
      hybridRuleWeight: 0.5,
    });
  });

  it('refuses bad values with a readable message', () => {
    const bad = (input: Record<string, unknown>) => () => parseProviderConfig({ baseUrl: 'https://api.openai.com/v1', model: 'gpt-4o-mini', ...input });
    expect(bad({ baseUrl: 'localhost:11434' })).toThrow(/baseUrl: The base URL must (be a full URL|start with http)/);
    expect(bad({ baseUrl: 'ftp://example.com/v1' })).toThrow(/must start with http/);
    expect(bad({ baseUrl: 'https://user:sk-secret@api.openai.com/v1' })).toThrow(/must not contain a user name or password/);
    expect(bad({ model: '' })).toThrow(/model/);
    expect(bad({ temperature: 2.5 })).toThrow(/temperature/);
    expect(bad({ hybridRuleWeight: -0.1 })).toThrow(/hybridRuleWeight/);
    expect(bad({ proxyUrl: 'socks5://proxy:1080' })).toThrow(/proxy URL must start with http/);
    expect(bad({ apiKey: 'sk-should-not-be-here' })).toThrow(/apiKey/);
    expect(() => bad({ proxyUrl: 'http://user:pw@proxy.corp:8080' })()).not.toThrow();
  });

  it('has presets that validate, with key requirements', () => {
    for (const preset of providerPresets) {
      expect(providerConfigSchema.safeParse({ baseUrl: preset.baseUrl, model: preset.model }).success, preset.id).toBe(true);
    }
    const byId = Object.fromEntries(providerPresets.map((preset) => [preset.id, preset]));
    expect(byId.openai).toMatchObject({ baseUrl: 'https://api.openai.com/v1', needsApiKey: true });
    expect(byId.ollama).toMatchObject({ baseUrl: 'http://localhost:11434/v1', needsApiKey: false });
    expect(byId['lm-studio']).toMatchObject({ baseUrl: 'http://localhost:1234/v1', needsApiKey: false });
    expect(byId['llama-cpp']).toMatchObject({ baseUrl: 'http://localhost:8080/v1', needsApiKey: false });
  });

  it('knows loopback URLs (no proxy for those)', () => {
    expect(isLoopbackUrl('http://localhost:11434/v1')).toBe(true);
    expect(isLoopbackUrl('http://127.0.0.1:8080/v1')).toBe(true);
    expect(isLoopbackUrl('http://[::1]:8080/v1')).toBe(true);
    expect(isLoopbackUrl('http://192.168.1.20:11434/v1')).toBe(false);
    expect(isLoopbackUrl('https://api.openai.com/v1')).toBe(false);
  });
});

describe('errors', () => {
  it('parses Retry-After seconds, HTTP dates and retry-after-ms', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(parseRetryAfter('12', null, now)).toBe(12_000);
    expect(parseRetryAfter('1.5', null, now)).toBe(1_500);
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:00:30 GMT', null, now)).toBe(30_000);
    expect(parseRetryAfter('Tue, 31 Dec 2024 23:00:00 GMT', null, now)).toBe(0);
    expect(parseRetryAfter('soon', null, now)).toBeUndefined();
    expect(parseRetryAfter(undefined, '250', now)).toBe(250);
    expect(parseRetryAfter('12', '250', now)).toBe(250);
  });

  it('formats waits for sentences', () => {
    expect(formatWait(400)).toBe('1 s');
    expect(formatWait(12_000)).toBe('12 s');
    expect(formatWait(5 * 60_000)).toBe('5 min');
    expect(formatWait(3 * 3_600_000 + 60_000)).toBe('3 h 1 min');
  });

  it('says which failures are worth retrying', () => {
    const kinds = { rate_limited: true, server_error: true, timeout: true, connection_refused: true, stream_incomplete: true, stream_error: true, truncated: true, invalid_output: true, auth: false, bad_request: false, cancelled: false } as const;
    for (const [kind, expected] of Object.entries(kinds)) expect(isRetryable(new LlmError(kind as keyof typeof kinds, 'x')), kind).toBe(expected);
    expect(isRetryable(new Error('x'))).toBe(false);
    expect(new LlmError('timeout', 'Too slow').toJSON()).toEqual({ code: 'LLM_ERROR', message: 'Too slow' });
  });
});

describe('text utilities', () => {
  it('extracts JSON from plain text, fences and surrounding prose', () => {
    expect(extractJson('{"a":1}')).toEqual({ a: 1 });
    expect(extractJson('```json\n{"a":2}\n```')).toEqual({ a: 2 });
    expect(extractJson('```\n{"a":3}\n```')).toEqual({ a: 3 });
    expect(extractJson('Here you go: {"a":4} Hope it helps!')).toEqual({ a: 4 });
    expect(extractJson('<think>let me see {</think>\n{"a":5}')).toEqual({ a: 5 });
    expect(() => extractJson('no json here')).toThrow(SyntaxError);
    expect(() => extractJson('{"a": }')).toThrow(SyntaxError);
  });

  it('hides a leading think block across chunk boundaries, and nothing else', () => {
    expect(stripThinking('<think>plan</think>\n\nHello')).toBe('Hello');
    expect(stripThinking('Hello <think>not at the start</think>')).toBe('Hello <think>not at the start</think>');
    expect(stripThinking('<thin')).toBe('<thin');
    expect(stripThinking('<think>never closed')).toBe('');
    const filter = new ThinkFilter();
    const out = ['<', 'think', '>a</', 'think>', ' ', 'Hi', '!'].map((piece) => filter.push(piece));
    expect(out.join('') + filter.flush()).toBe('Hi!');
  });
});
