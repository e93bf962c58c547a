import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { redactSecrets } from '../secrets/redact';
import { formatWait, LlmError, parseRetryAfter } from './llm-error';

/** What the classifier needs to say where things went wrong, and what to keep out of messages. */
export interface ErrorContext {
  baseUrl: string;
  model: string;
  /** Set when the request went through a proxy. */
  proxyUrl?: string | undefined;
  timeoutMs: number;
  /** Strings that must never appear in a message (the API key, proxy credentials). */
  secrets: string[];
  /** 'stream' once the response headers arrived and chunks are being read. */
  phase: 'request' | 'stream';
}

const connectionCodes = {
  refused: ['ECONNREFUSED'],
  dns: ['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_FAIL'],
  reset: ['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED'],
  timeout: ['ETIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT'],
  unreachable: ['ENETUNREACH', 'EHOSTUNREACH', 'EADDRNOTAVAIL', 'ENETDOWN', 'EHOSTDOWN'],
};

/** Error codes and messages along an error's cause chain (and inside AggregateErrors). */
function collectCauses(error: unknown): { codes: string[]; messages: string[] } {
  const codes: string[] = [];
  const messages: string[] = [];
  const queue: unknown[] = [error];
  const seen = new Set<unknown>();
  while (queue.length > 0 && seen.size < 20) {
    const current = queue.shift();
    if (!current || typeof current !== 'object' || seen.has(current)) continue;
    seen.add(current);
    const record = current as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
    if (typeof record.code === 'string') codes.push(record.code);
    if (typeof record.message === 'string') messages.push(record.message);
    if (record.cause) queue.push(record.cause);
    if (Array.isArray(record.errors)) queue.push(...record.errors);
  }
  return { codes, messages };
}

/** `http://localhost:11434/v1` → a readable name for the server (the likely program on well-known ports). */
function serverProgram(baseUrl: string): string {
  try {
    const url = new URL(baseUrl);
    if (url.port === '11434') return 'Ollama';
    if (url.port === '1234') return 'LM Studio';
    if (url.port === '8080') return 'the llama.cpp server';
    if (url.port === '8000') return 'vLLM';
  } catch {
    // fall through
  }
  return 'the model server';
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** The provider's own explanation, if any: one line, at most 300 characters, without secrets. */
export function providerDetail(error: APIError, secrets: string[]): string | undefined {
  const body = error.error as unknown;
  let detail: string | undefined;
  if (typeof body === 'string') detail = body;
  else if (body && typeof body === 'object') {
    const message = (body as { message?: unknown }).message;
    if (typeof message === 'string') detail = message;
    else if (message !== undefined) detail = JSON.stringify(message);
    else detail = JSON.stringify(body);
  } else if (error.message) {
    detail = error.message.replace(/^\d{3}\s+/, '');
    if (/status code \(no body\)/.test(detail)) detail = undefined;
  }
  if (!detail) return undefined;
  // HTML error pages (proxies, gateways) say nothing useful in a sentence.
  if (/<\s*(html|!doctype|body)\b/i.test(detail)) return undefined;
  const oneLine = redactSecrets(detail.replace(/\s+/g, ' ').trim(), secrets);
  if (!oneLine) return undefined;
  return oneLine.length > 300 ? `${oneLine.slice(0, 297)}…` : oneLine;
}

const withDetail = (sentence: string, detail: string | undefined) => (detail ? `${sentence} The server said: “${detail}”` : sentence);

/**
 * Turns anything thrown while talking to the provider into an LlmError with a sentence a
 * person understands. Never includes the API key or proxy credentials.
 */
export function classifyError(error: unknown, ctx: ErrorContext): LlmError {
  if (error instanceof LlmError) return error;
  const where = `The model server at ${redactSecrets(ctx.baseUrl, ctx.secrets)}`;
  const seconds = formatWait(ctx.timeoutMs);

  if (error instanceof APIUserAbortError) {
    return new LlmError('cancelled', 'The reply was stopped.', { cause: error });
  }
  if (error instanceof APIConnectionTimeoutError) {
    return new LlmError('timeout', `${where} did not answer within ${seconds}. It may be busy or loading the model; try again, or raise the timeout in Settings.`, { cause: error });
  }
  if (error instanceof APIConnectionError) {
    return classifyConnectionFailure(error, ctx, where, seconds);
  }
  if (error instanceof APIError && typeof error.status === 'number') {
    return classifyStatus(error, error.status, ctx, where);
  }
  if (error instanceof APIError) {
    // An APIError without a status is the SDK's report of an error object inside the stream.
    const detail = providerDetail(error, ctx.secrets);
    return new LlmError('stream_error', withDetail(`${where} reported an error in the middle of the reply.`, detail), { cause: error });
  }
  if (error instanceof SyntaxError && ctx.phase === 'stream') {
    return new LlmError('stream_error', `${where} sent a malformed chunk in the middle of the reply.`, { cause: error });
  }
  if (ctx.phase === 'stream') {
    // The body stream failed: the connection dropped or was reset mid-reply.
    return new LlmError('stream_incomplete', `The connection to ${where.replace(/^The /, 'the ')} ended before the reply was complete.`, { cause: error });
  }
  const { codes } = collectCauses(error);
  if (codes.length > 0 || (error instanceof TypeError && /fetch failed/i.test(error.message))) {
    return classifyConnectionFailure(error, ctx, where, seconds);
  }
  const text = error instanceof Error ? error.message : String(error);
  return new LlmError('server_error', `Talking to ${where.replace(/^The /, 'the ')} failed unexpectedly: ${redactSecrets(text, ctx.secrets).slice(0, 300)}`, { cause: error });
}

function classifyConnectionFailure(error: unknown, ctx: ErrorContext, where: string, seconds: string): LlmError {
  const { codes, messages } = collectCauses(error);
  const has = (list: string[]) => codes.some((code) => list.includes(code));
  const proxy = ctx.proxyUrl ? hostOf(redactSecrets(ctx.proxyUrl, ctx.secrets)) : undefined;
  const host = hostOf(ctx.baseUrl);

  if (has(connectionCodes.timeout)) {
    return new LlmError('timeout', `${where} did not answer within ${seconds}. It may be busy or loading the model; try again, or raise the timeout in Settings.`, { cause: error });
  }
  if (proxy && messages.some((message) => /Proxy response \((\d+)\)/.test(message))) {
    const status = /Proxy response \((\d+)\)/.exec(messages.find((message) => /Proxy response/.test(message)) ?? '')?.[1];
    const auth = status === '407' ? ' The proxy wants credentials: use http://user:password@host:port as the proxy URL.' : '';
    return new LlmError('connection_refused', `The proxy ${proxy} refused to connect to ${host} (HTTP ${status ?? '?'}).${auth}`, { cause: error });
  }
  if (has(connectionCodes.refused)) {
    if (proxy) return new LlmError('connection_refused', `The proxy ${proxy} refused the connection. Check the proxy URL in Settings.`, { cause: error });
    return new LlmError('connection_refused', `${where} refused the connection. Is ${serverProgram(ctx.baseUrl)} running?`, { cause: error });
  }
  if (has(connectionCodes.dns)) {
    const name = proxy ?? host;
    return new LlmError('connection_refused', `The ${proxy ? 'proxy' : 'model server'} address “${name}” could not be found. Check the URL in Settings and your network connection.`, { cause: error });
  }
  if (has(connectionCodes.unreachable)) {
    return new LlmError('connection_refused', `${where} cannot be reached from this network. Check the network connection${proxy ? ' and the proxy' : ''}.`, { cause: error });
  }
  if (codes.some((code) => /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|ERR_SSL/.test(code))) {
    const code = codes.find((candidate) => /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|ERR_SSL/.test(candidate));
    return new LlmError('connection_refused', `The secure connection to ${host} failed because its certificate was not accepted (${code}). Check the base URL, or ask IT whether a proxy replaces certificates.`, { cause: error });
  }
  if (has(connectionCodes.reset)) {
    return new LlmError('connection_refused', `${where} closed the connection unexpectedly. Check the base URL (http vs https) and that the server is running.`, { cause: error });
  }
  return new LlmError('connection_refused', `Could not connect to ${where.replace(/^The /, 'the ')}${proxy ? ` through the proxy ${proxy}` : ''}. Check the URL and that the server is running.`, { cause: error });
}

function classifyStatus(error: APIError, status: number, ctx: ErrorContext, where: string): LlmError {
  const detail = providerDetail(error, ctx.secrets);
  const details = { status, cause: error };
  if (status === 429) {
    const headers = error.headers;
    const retryAfterMs = parseRetryAfter(headers?.get('retry-after'), headers?.get('retry-after-ms'));
    const wait = retryAfterMs === undefined ? 'try again in a moment' : `try again in ${formatWait(retryAfterMs)}`;
    const quota = detail && /quota|billing|insufficient/i.test(detail) ? withDetail(' The account may be out of credit.', detail) : '';
    return new LlmError('rate_limited', `The provider is rate-limiting requests; ${wait}.${quota}`, { ...details, source: 'provider', retryAfterMs });
  }
  if (status >= 500) {
    const what =
      status === 503 ? 'is overloaded or temporarily unavailable' : status === 502 || status === 504 ? 'could not be reached through a gateway' : 'had an internal error';
    return new LlmError('server_error', withDetail(`${where} ${what} (HTTP ${status}). Try again in a moment.`, detail), details);
  }
  if (status === 401) {
    return new LlmError('auth', withDetail(`${where} rejected the API key (HTTP 401). Check the key in Settings.`, detail), details);
  }
  if (status === 403) {
    return new LlmError('auth', withDetail(`${where} refused access (HTTP 403): the key has no access to this model or endpoint.`, detail), details);
  }
  if (status === 408) {
    return new LlmError('timeout', `${where} gave up waiting (HTTP 408). Try again.`, details);
  }
  if (status === 404) {
    return new LlmError('bad_request', withDetail(`${where} does not know the model “${ctx.model}” or the endpoint (HTTP 404). Check the model name and the base URL (it usually ends in /v1).`, detail), details);
  }
  return new LlmError('bad_request', withDetail(`${where} refused the request (HTTP ${status}).`, detail), details);
}
