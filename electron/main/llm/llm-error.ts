import { AppError } from '../../../shared/errors';

/**
 * Every LLM failure is an `LlmError` (AppError code 'LLM_ERROR') with a `kind` for code
 * and a message for people. Messages never contain the API key (they are built from our
 * own sentences, and any text from the provider is passed through `redactSecrets`).
 */
export const llmErrorKinds = [
  /** HTTP 429 from the provider, or ChatTrain's own budget (`source: 'local'`). `retryAfterMs` when known. */
  'rate_limited',
  /** HTTP 5xx (`status`). */
  'server_error',
  /** No answer within `timeoutMs`, or the stream paused longer than that (`partialContent` kept). */
  'timeout',
  /** Could not connect: refused, unknown host, TLS problem, proxy refused. */
  'connection_refused',
  /** HTTP 401/403: the key is missing, wrong, or has no access. */
  'auth',
  /** HTTP 400/404/422 and other 4xx: unknown model, bad parameter. */
  'bad_request',
  /** The stream ended (or the connection dropped) before a finish_reason; `partialContent` kept. */
  'stream_incomplete',
  /** finish_reason `length` or `content_filter` (or any other non-`stop` reason); `partialContent` kept. */
  'truncated',
  /** The server sent an error object inside the stream, or a chunk that is not JSON; `partialContent` kept. */
  'stream_error',
  /** The model's answer did not validate (JSON requests, after one retry), or was empty. */
  'invalid_output',
  /** Stopped through the AbortSignal; `partialContent` kept. */
  'cancelled',
] as const;

export type LlmErrorKind = (typeof llmErrorKinds)[number];

/** Counts and timings of a reply, also attached to errors for the part that arrived. */
export interface LlmUsageStats {
  promptTokens: number;
  completionTokens: number;
  /** True when the server sent no usage and the counts are estimates (≈ 4 characters per token). */
  usageEstimated: boolean;
  /** From sending the request to the end (or the failure). */
  responseMs: number;
  /** From sending the request to the first visible token; null if none arrived. */
  firstTokenMs: number | null;
}

export interface LlmErrorDetails {
  status?: number;
  retryAfterMs?: number;
  /** For rate_limited: the provider said so (HTTP 429) or ChatTrain's own budget did. */
  source?: 'provider' | 'local';
  /** What the model had produced before the failure (streaming), never undefined for stream failures. */
  partialContent?: string;
  /** Counts and timings for the partial reply (streaming). */
  partialStats?: LlmUsageStats;
  finishReason?: string;
  cause?: unknown;
}

export class LlmError extends AppError {
  readonly kind: LlmErrorKind;
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;
  readonly source: 'provider' | 'local' | undefined;
  readonly partialContent: string | undefined;
  readonly partialStats: LlmUsageStats | undefined;
  readonly finishReason: string | undefined;

  constructor(kind: LlmErrorKind, message: string, details: LlmErrorDetails = {}) {
    super('LLM_ERROR', message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'LlmError';
    this.kind = kind;
    this.status = details.status;
    this.retryAfterMs = details.retryAfterMs;
    this.source = details.source;
    this.partialContent = details.partialContent;
    this.partialStats = details.partialStats;
    this.finishReason = details.finishReason;
  }

  /** A copy carrying the partial reply (used when a stream fails after some tokens). */
  withPartial(partialContent: string, partialStats: LlmUsageStats): LlmError {
    return new LlmError(this.kind, this.message, {
      status: this.status,
      retryAfterMs: this.retryAfterMs,
      source: this.source,
      finishReason: this.finishReason,
      cause: this.cause,
      partialContent,
      partialStats,
    });
  }
}

export function isLlmError(error: unknown): error is LlmError {
  return error instanceof LlmError;
}

/**
 * Whether the failure is transient, i.e. sending the same request again (now or after
 * `retryAfterMs`) may succeed, so the UI offers "Retry" and the engine may fall back to the
 * offline persona for now. False for configuration problems (auth, bad_request), for
 * 'cancelled' (the trainee's own Stop; they can still re-run the turn, but nothing should
 * retry it automatically) and for anything that is not an LlmError.
 */
export function isRetryable(error: unknown): boolean {
  if (!(error instanceof LlmError)) return false;
  switch (error.kind) {
    case 'rate_limited':
    case 'server_error':
    case 'timeout':
    case 'connection_refused':
    case 'stream_incomplete':
    case 'stream_error':
    case 'truncated':
    case 'invalid_output':
      return true;
    case 'auth':
    case 'bad_request':
    case 'cancelled':
      return false;
  }
}

/**
 * Parses a Retry-After header: delay-seconds ("12", "1.5") or an HTTP date
 * ("Wed, 21 Oct 2015 07:28:00 GMT"). Returns milliseconds (≥ 0) or undefined.
 * `retry-after-ms` (a non-standard header some providers send) wins when present.
 */
export function parseRetryAfter(
  retryAfter: string | null | undefined,
  retryAfterMsHeader?: string | null,
  now: number = Date.now(),
): number | undefined {
  if (retryAfterMsHeader) {
    const ms = Number(retryAfterMsHeader.trim());
    if (Number.isFinite(ms) && ms >= 0) return Math.round(ms);
  }
  if (!retryAfter) return undefined;
  const value = retryAfter.trim();
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** "12 s", "2 min", "1 h 5 min": a wait for a sentence. */
export function formatWait(ms: number): string {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  if (seconds < 120) return `${seconds} s`;
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 120) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}
