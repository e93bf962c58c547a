import OpenAI, { type ClientOptions } from 'openai';
import { fetch as undiciFetch, ProxyAgent } from 'undici';
import type { z } from 'zod';
import { classifyError, type ErrorContext } from './classify-error';
import { LlmError, type LlmErrorKind, type LlmUsageStats } from './llm-error';
import { isLoopbackUrl, type ProviderConfig } from '../../../shared/llm/provider-config';
import { RateLimiter } from './rate-limiter';
import { estimatePromptTokens, estimateTokens, extractJson, ThinkFilter, type ChatMessage } from './text-utils';

export type { ChatMessage } from './text-utils';

/**
 * The LLM provider layer: one client per provider configuration, talking to any
 * OpenAI-compatible endpoint through the official `openai` SDK, from the main process only.
 *
 * - No automatic retries (`maxRetries: 0`): every failure becomes an `LlmError` with a
 *   `kind` at once, so the engine decides (fall back to the offline persona, offer Retry).
 * - Every request passes ChatTrain's own rate limiter first (requests/minute, tokens/hour).
 * - The API key goes only into the `Authorization` header; no message, log line or error
 *   contains it.
 * - `proxyUrl` routes requests through an HTTP(S) proxy (undici ProxyAgent), except for
 *   loopback servers.
 */

export interface StreamChatRequest {
  messages: ChatMessage[];
  /** Defaults to the provider's `temperature`. */
  temperature?: number;
  /** Defaults to the provider's `maxTokens`. */
  maxTokens?: number;
  /** Abort to stop: the promise rejects within a few ms with LlmError 'cancelled' carrying `partialContent`. */
  signal?: AbortSignal;
  /** Called with each visible piece of text, in order (a leading `<think>` block is hidden). */
  onToken?: (delta: string) => void;
}

export interface ChatStreamResult extends LlmUsageStats {
  /** The whole reply (what was passed to onToken, concatenated). */
  content: string;
  /** Always 'stop': any other ending rejects (truncated / stream_incomplete). */
  finishReason: 'stop';
}

export interface JsonRequest {
  messages: ChatMessage[];
  temperature?: number;
  maxTokens?: number;
  signal?: AbortSignal;
}

export interface JsonResult<T> {
  value: T;
  /** Summed over all attempts. */
  usage: { promptTokens: number; completionTokens: number; usageEstimated: boolean };
  /** Summed over all attempts. */
  responseMs: number;
  /** 1, or 2 when the first answer was invalid and the retry succeeded. */
  attempts: 1 | 2;
}

export type ConnectionTestResult =
  | { ok: true; model: string; latencyMs: number }
  | { ok: false; error: { kind: LlmErrorKind; message: string; status?: number } };

export interface LlmClient {
  readonly config: ProviderConfig;
  /** Streams a chat completion; see StreamChatRequest. Rejects with LlmError. */
  streamChat(request: StreamChatRequest): Promise<ChatStreamResult>;
  /**
   * Asks for one JSON object, validates it with `schema`, retries once with the validation
   * problem if it is invalid, then rejects with LlmError 'invalid_output'.
   */
  completeJson<T>(schema: z.ZodType<T>, request: JsonRequest): Promise<JsonResult<T>>;
  /** A tiny completion with the configured model; never throws. Bypasses the rate limiter. */
  testConnection(): Promise<ConnectionTestResult>;
  /** Model ids the server offers (GET /models); rejects with LlmError. */
  listModels(): Promise<string[]>;
  /** Closes the proxy connection pool, if any. */
  dispose(): Promise<void>;
}

export interface LlmClientOptions {
  /** Share one limiter between clients of the same provider; default: a new one from the config. */
  rateLimiter?: RateLimiter;
}

type ChatCompletionBody = OpenAI.Chat.Completions.ChatCompletionCreateParamsNonStreaming;

const now = () => performance.now();
const elapsed = (since: number) => Math.max(0, Math.round(now() - since));

/**
 * Creates a client for the provider. `apiKey` null (or empty) is for servers that need
 * none (Ollama, llama.cpp, LM Studio): a placeholder is sent, which they ignore.
 */
export function createLlmClient(config: ProviderConfig, apiKey: string | null, options: LlmClientOptions = {}): LlmClient {
  return new OpenAiCompatibleClient(config, apiKey, options);
}

class OpenAiCompatibleClient implements LlmClient {
  readonly config: ProviderConfig;
  private readonly openai: OpenAI;
  private readonly limiter: RateLimiter;
  private readonly dispatcher: ProxyAgent | undefined;
  private readonly secrets: string[];
  /** Cleared when the server refuses `response_format: json_object` (LM Studio, some llama.cpp builds). */
  private jsonObjectSupported = true;
  /** Cleared when the server refuses `stream_options` (older servers). */
  private streamOptionsSupported = true;

  constructor(config: ProviderConfig, apiKey: string | null, options: LlmClientOptions) {
    this.config = config;
    const key = apiKey && apiKey.length > 0 ? apiKey : null;
    this.secrets = [key, proxyCredentials(config.proxyUrl)].filter((value): value is string => !!value);
    this.dispatcher = config.proxyUrl && !isLoopbackUrl(config.baseUrl) ? new ProxyAgent(config.proxyUrl) : undefined;
    this.limiter =
      options.rateLimiter ?? new RateLimiter({ requestsPerMinute: config.requestsPerMinute, tokensPerHour: config.tokensPerHour });
    const clientOptions: ClientOptions = {
      baseURL: config.baseUrl,
      apiKey: key ?? 'not-needed',
      organization: null,
      project: null,
      timeout: config.timeoutMs,
      maxRetries: 0,
      logLevel: 'off',
      // undici's own fetch, so that its ProxyAgent is a compatible dispatcher (the SDK's advice).
      fetch: undiciFetch as unknown as NonNullable<ClientOptions['fetch']>,
      ...(this.dispatcher ? { fetchOptions: { dispatcher: this.dispatcher } as NonNullable<ClientOptions['fetchOptions']> } : {}),
    };
    this.openai = new OpenAI(clientOptions);
  }

  private context(phase: ErrorContext['phase']): ErrorContext {
    return {
      baseUrl: this.config.baseUrl,
      model: this.config.model,
      proxyUrl: this.dispatcher ? this.config.proxyUrl : undefined,
      timeoutMs: this.config.timeoutMs,
      secrets: this.secrets,
      phase,
    };
  }

  async streamChat(request: StreamChatRequest): Promise<ChatStreamResult> {
    const { messages, signal } = request;
    const maxTokens = request.maxTokens ?? this.config.maxTokens;
    const temperature = request.temperature ?? this.config.temperature;
    const promptEstimate = estimatePromptTokens(messages);
    const cancelled = (partialContent: string, partialStats: LlmUsageStats) =>
      new LlmError('cancelled', 'The reply was stopped.', { partialContent, partialStats });
    const emptyStats = (): LlmUsageStats => ({ promptTokens: 0, completionTokens: 0, usageEstimated: true, responseMs: 0, firstTokenMs: null });
    if (signal?.aborted) throw cancelled('', emptyStats());

    const permit = await this.limiter.acquire(promptEstimate + maxTokens, signal).catch((error: unknown) => {
      if (error instanceof LlmError && error.kind === 'cancelled') throw cancelled('', emptyStats());
      throw error;
    });
    const started = now();
    const controller = new AbortController();
    let content = '';
    let raw = '';
    let firstTokenMs: number | null = null;
    let finishReason: string | null = null;
    let usage: { prompt: number; completion: number } | null = null;
    let phase: ErrorContext['phase'] = 'request';
    let settled = false;
    let callbackError: unknown;
    let idle: ReturnType<typeof setTimeout> | undefined;
    const filter = new ThinkFilter();

    const stats = (): LlmUsageStats => ({
      promptTokens: usage?.prompt ?? promptEstimate,
      completionTokens: usage?.completion ?? estimateTokens(raw),
      usageEstimated: usage === null,
      responseMs: elapsed(started),
      firstTokenMs,
    });

    // Stop and idle timeout settle the call at once, without waiting for the SDK to unwind.
    let rejectStopped: (error: LlmError) => void = () => undefined;
    const stopped = new Promise<never>((_, reject) => {
      rejectStopped = reject;
    });
    const stop = (error: LlmError) => {
      if (settled) return;
      settled = true;
      controller.abort();
      rejectStopped(error);
    };
    const onAbort = () => stop(cancelled(content, stats()));
    signal?.addEventListener('abort', onAbort, { once: true });
    const armIdle = () => {
      clearTimeout(idle);
      idle = setTimeout(() => {
        const seconds = Math.round(this.config.timeoutMs / 100) / 10;
        stop(
          new LlmError('timeout', `The model server stopped sending for more than ${seconds} s in the middle of the reply; the part received so far was kept.`, {
            partialContent: content,
            partialStats: stats(),
          }),
        );
      }, this.config.timeoutMs);
    };
    const emit = (text: string) => {
      if (!text || settled) return;
      content += text;
      firstTokenMs ??= elapsed(started);
      try {
        request.onToken?.(text);
      } catch (error) {
        callbackError = error;
        throw error;
      }
    };

    const run = async (): Promise<ChatStreamResult> => {
      const stream = await this.openai.chat.completions.create(
        {
          model: this.config.model,
          messages,
          temperature,
          max_tokens: maxTokens,
          stream: true,
          ...(this.streamOptionsSupported ? { stream_options: { include_usage: true } } : {}),
        },
        { signal: controller.signal },
      );
      phase = 'stream';
      armIdle();
      for await (const chunk of stream) {
        if (settled) break;
        armIdle();
        if (chunk.usage) usage = { prompt: chunk.usage.prompt_tokens ?? 0, completion: chunk.usage.completion_tokens ?? 0 };
        const choice = chunk.choices?.[0];
        if (!choice) continue;
        const delta = choice.delta?.content;
        if (delta) {
          raw += delta;
          emit(filter.push(delta));
        }
        if (choice.finish_reason) finishReason = choice.finish_reason;
      }
      if (settled) throw new LlmError('cancelled', 'The reply was stopped.');
      emit(filter.flush());
      if (finishReason === null) {
        throw new LlmError('stream_incomplete', 'The model server ended the reply early (no end-of-reply marker); the part received so far was kept.');
      }
      if (finishReason !== 'stop') {
        const why =
          finishReason === 'length'
            ? `reached the length limit (${maxTokens} tokens)`
            : finishReason === 'content_filter'
              ? "was stopped by the provider's content filter"
              : `ended unexpectedly (finish reason “${finishReason.slice(0, 40)}”)`;
        throw new LlmError('truncated', `The reply ${why}; the part received so far was kept.`, { finishReason });
      }
      if (content.trim() === '') {
        throw new LlmError('invalid_output', 'The model sent an empty reply.', { finishReason });
      }
      return { content, finishReason: 'stop', ...stats() };
    };

    const running = run();
    running.catch(() => undefined); // after a stop, its late failure is irrelevant
    stopped.catch(() => undefined);
    try {
      return await Promise.race([running, stopped]);
    } catch (error) {
      if (error === callbackError) throw error;
      if (error instanceof LlmError && settled && error.partialContent !== undefined) throw error; // stop / idle timeout
      const classified = classifyError(error, this.context(phase));
      if (phase === 'request' && this.streamOptionsSupported && mentions(classified, 'stream_options')) {
        this.streamOptionsSupported = false;
        return this.streamChat(request);
      }
      throw classified.withPartial(content, stats());
    } finally {
      settled = true;
      clearTimeout(idle);
      signal?.removeEventListener('abort', onAbort);
      const final = stats();
      permit.record(final.promptTokens + final.completionTokens);
    }
  }

  async completeJson<T>(schema: z.ZodType<T>, request: JsonRequest): Promise<JsonResult<T>> {
    const base = withJsonInstruction(request.messages);
    let messages = base;
    let problem = '';
    const usage = { promptTokens: 0, completionTokens: 0, usageEstimated: false };
    let responseMs = 0;
    for (const attempt of [1, 2] as const) {
      const reply = await this.complete(messages, request, true);
      usage.promptTokens += reply.promptTokens;
      usage.completionTokens += reply.completionTokens;
      usage.usageEstimated ||= reply.usageEstimated;
      responseMs += reply.responseMs;
      const parsed = parseJsonReply(schema, reply.content);
      if (parsed.ok) return { value: parsed.value, usage, responseMs, attempts: attempt };
      problem = parsed.problem;
      messages = [
        ...base,
        { role: 'assistant', content: reply.content.slice(0, 8000) },
        {
          role: 'user',
          content: `Your answer could not be used: ${problem}. Reply again with only the JSON object in exactly the requested shape: no prose, no code fences.`,
        },
      ];
    }
    throw new LlmError('invalid_output', `The model's answer was not valid JSON in the expected shape, even after one retry (${problem}).`);
  }

  /** One non-streamed completion, rate-limited, cancellable, classified. */
  private async complete(
    messages: ChatMessage[],
    request: Omit<JsonRequest, 'messages'>,
    json: boolean,
  ): Promise<{ content: string; finishReason: string | null; responseMs: number } & Omit<LlmUsageStats, 'responseMs' | 'firstTokenMs'>> {
    const maxTokens = request.maxTokens ?? this.config.maxTokens;
    const promptEstimate = estimatePromptTokens(messages);
    const permit = await this.limiter.acquire(promptEstimate + maxTokens, request.signal);
    const started = now();
    let spent = promptEstimate;
    try {
      const body: ChatCompletionBody = {
        model: this.config.model,
        messages,
        temperature: request.temperature ?? this.config.temperature,
        max_tokens: maxTokens,
        stream: false,
      };
      let completion: OpenAI.Chat.Completions.ChatCompletion;
      try {
        completion = await this.send(json && this.jsonObjectSupported ? { ...body, response_format: { type: 'json_object' } } : body, request.signal);
      } catch (error) {
        if (!(json && this.jsonObjectSupported && error instanceof LlmError && mentions(error, 'response_format'))) throw error;
        this.jsonObjectSupported = false; // the prompt still asks for JSON
        completion = await this.send(body, request.signal);
      }
      const choice = completion.choices?.[0];
      const content = choice?.message?.content ?? '';
      const promptTokens = completion.usage?.prompt_tokens ?? promptEstimate;
      const completionTokens = completion.usage?.completion_tokens ?? estimateTokens(content);
      spent = promptTokens + completionTokens;
      return {
        content,
        finishReason: choice?.finish_reason ?? null,
        promptTokens,
        completionTokens,
        usageEstimated: !completion.usage,
        responseMs: elapsed(started),
      };
    } finally {
      permit.record(spent);
    }
  }

  private async send(body: ChatCompletionBody, signal: AbortSignal | undefined): Promise<OpenAI.Chat.Completions.ChatCompletion> {
    try {
      return await raceAbort(this.openai.chat.completions.create(body, signal ? { signal } : {}), signal);
    } catch (error) {
      throw classifyError(error, this.context('request'));
    }
  }

  async testConnection(): Promise<ConnectionTestResult> {
    const started = now();
    try {
      const completion = await this.openai.chat.completions.create({
        model: this.config.model,
        messages: [{ role: 'user', content: 'Reply with the single word OK.' }],
        max_tokens: 16,
        temperature: 0,
        stream: false,
      });
      if (!completion || !Array.isArray(completion.choices)) {
        return {
          ok: false,
          error: { kind: 'bad_request', message: `The server at ${this.config.baseUrl} answered, but not like an OpenAI-compatible API. Check the base URL (it usually ends in /v1).` },
        };
      }
      return { ok: true, model: completion.model || this.config.model, latencyMs: elapsed(started) };
    } catch (thrown) {
      const error = classifyError(thrown, this.context('request'));
      let message = error.message;
      if (error.kind === 'bad_request' && error.status === 404) {
        const models = await this.listModels().catch(() => null);
        if (models && models.length > 0) {
          const shown = models.slice(0, 12).join(', ');
          message += ` Models this server offers: ${shown}${models.length > 12 ? ', …' : ''}.`;
        }
      }
      return { ok: false, error: { kind: error.kind, message, ...(error.status !== undefined ? { status: error.status } : {}) } };
    }
  }

  async listModels(): Promise<string[]> {
    try {
      const ids: string[] = [];
      for await (const model of this.openai.models.list()) {
        if (typeof model.id === 'string') ids.push(model.id);
        if (ids.length >= 500) break;
      }
      return ids.sort((a, b) => a.localeCompare(b));
    } catch (error) {
      throw classifyError(error, this.context('request'));
    }
  }

  async dispose(): Promise<void> {
    await this.dispatcher?.close();
  }
}

function mentions(error: LlmError, parameter: string): boolean {
  return error.kind === 'bad_request' && error.status === 400 && error.message.includes(parameter);
}

/** Rejects with 'cancelled' as soon as the signal aborts, whatever the inner promise does. */
function raceAbort<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(new LlmError('cancelled', 'The request was stopped.'));
  promise.catch(() => undefined);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new LlmError('cancelled', 'The request was stopped.'));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function proxyCredentials(proxyUrl: string | undefined): string | null {
  if (!proxyUrl) return null;
  try {
    const url = new URL(proxyUrl);
    return url.password ? decodeURIComponent(url.password) : null;
  } catch {
    return null;
  }
}

const JSON_INSTRUCTION = 'Answer with one JSON object only: no prose before or after it, no code fences.';

/** Adds the JSON-only instruction to the system message (or as one), so servers without json_object mode comply too. */
function withJsonInstruction(messages: ChatMessage[]): ChatMessage[] {
  const index = messages.findIndex((message) => message.role === 'system');
  if (index < 0) return [{ role: 'system', content: JSON_INSTRUCTION }, ...messages];
  return messages.map((message, i) => (i === index ? { ...message, content: `${message.content}\n\n${JSON_INSTRUCTION}` } : message));
}

/** Extracts and validates the JSON in a reply; a short description of the problem if that fails. */
export function parseJsonReply<T>(schema: z.ZodType<T>, text: string): { ok: true; value: T } | { ok: false; problem: string } {
  if (text.trim() === '') return { ok: false, problem: 'the answer was empty' };
  let data: unknown;
  try {
    data = extractJson(text);
  } catch {
    return { ok: false, problem: 'the answer was not valid JSON' };
  }
  const result = schema.safeParse(data);
  if (result.success) return { ok: true, value: result.data };
  const issues = result.error.issues.slice(0, 3).map((issue) => `${issue.path.length > 0 ? `${issue.path.join('.')}: ` : ''}${issue.message}`);
  return { ok: false, problem: `the JSON did not match the expected shape — ${issues.join('; ')}` };
}
