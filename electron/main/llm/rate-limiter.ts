import { formatWait, LlmError } from './llm-error';

/**
 * ChatTrain's own budget for the provider, so a workshop of trainees on one key does not
 * run into the provider's limits (or bills): at most `requestsPerMinute` requests in any
 * 60-second window and `tokensPerHour` tokens in any 60-minute window (sliding windows).
 *
 * `acquire(estimatedTokens)` counts a request and reserves its estimated tokens, waiting
 * (up to `maxWaitMs`) until both budgets allow it; if the wait would be longer it throws
 * LlmError('rate_limited', source 'local') saying when to try again. When the reply is
 * done, `permit.record(actualTokens)` replaces the estimate with the real count.
 * `record(tokens)` books tokens spent outside a permit.
 */

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;

export interface RateLimiterOptions {
  requestsPerMinute: number;
  tokensPerHour: number;
  /** The longest `acquire` waits before giving up with 'rate_limited'. Default 15 s. */
  maxWaitMs?: number;
  /** Clock in milliseconds (injectable for tests). Default Date.now. */
  now?: () => number;
  /** Waits `ms` (injectable for tests); must reject when the signal aborts. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface RateLimitPermit {
  /** Replaces the reserved estimate with the tokens actually used (prompt + completion). */
  record(actualTokens: number): void;
}

interface TokenEntry {
  at: number;
  tokens: number;
}

export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new LlmError('cancelled', 'The reply was stopped.'));
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(new LlmError('cancelled', 'The reply was stopped.'));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export class RateLimiter {
  readonly requestsPerMinute: number;
  readonly tokensPerHour: number;
  readonly maxWaitMs: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private requests: number[] = [];
  private tokens: TokenEntry[] = [];

  constructor(options: RateLimiterOptions) {
    if (!(options.requestsPerMinute >= 1) || !(options.tokensPerHour >= 1)) {
      throw new RangeError('requestsPerMinute and tokensPerHour must be at least 1');
    }
    this.requestsPerMinute = options.requestsPerMinute;
    this.tokensPerHour = options.tokensPerHour;
    this.maxWaitMs = options.maxWaitMs ?? 15_000;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? abortableSleep;
  }

  /** Waits for budget, then counts the request and reserves `estimatedTokens`. */
  async acquire(estimatedTokens: number, signal?: AbortSignal): Promise<RateLimitPermit> {
    const estimate = Math.max(0, Math.ceil(estimatedTokens));
    if (estimate > this.tokensPerHour) {
      throw new LlmError(
        'rate_limited',
        `This request needs about ${estimate} tokens, more than ChatTrain's hourly token budget (${this.tokensPerHour}). Raise “tokens per hour” in Settings.`,
        { source: 'local' },
      );
    }
    const started = this.now();
    for (;;) {
      if (signal?.aborted) throw new LlmError('cancelled', 'The reply was stopped.');
      const wait = this.waitFor(estimate);
      if (wait <= 0) return this.reserve(estimate);
      const waited = this.now() - started;
      if (waited + wait > this.maxWaitMs) {
        const which =
          this.requestCountAfterPrune() >= this.requestsPerMinute
            ? `${this.requestsPerMinute} requests per minute`
            : `${this.tokensPerHour} tokens per hour`;
        throw new LlmError(
          'rate_limited',
          `ChatTrain's own limit of ${which} (set in Settings) is reached; try again in ${formatWait(wait)}.`,
          { source: 'local', retryAfterMs: wait },
        );
      }
      await this.sleep(wait, signal);
    }
  }

  /** Books tokens used outside a permit. */
  record(actualTokens: number): void {
    this.tokens.push({ at: this.now(), tokens: Math.max(0, Math.ceil(actualTokens)) });
  }

  /** What is left in the current windows (for display and tests). */
  remaining(): { requests: number; tokens: number } {
    this.prune();
    return {
      requests: Math.max(0, this.requestsPerMinute - this.requests.length),
      tokens: Math.max(0, this.tokensPerHour - this.tokens.reduce((sum, entry) => sum + entry.tokens, 0)),
    };
  }

  private reserve(estimate: number): RateLimitPermit {
    const at = this.now();
    this.requests.push(at);
    const entry: TokenEntry = { at, tokens: estimate };
    this.tokens.push(entry);
    let recorded = false;
    return {
      record: (actualTokens: number) => {
        if (recorded) return;
        recorded = true;
        entry.tokens = Math.max(0, Math.ceil(actualTokens));
      },
    };
  }

  private prune(): void {
    const now = this.now();
    while (this.requests.length > 0 && this.requests[0]! <= now - MINUTE_MS) this.requests.shift();
    while (this.tokens.length > 0 && this.tokens[0]!.at <= now - HOUR_MS) this.tokens.shift();
  }

  private requestCountAfterPrune(): number {
    this.prune();
    return this.requests.length;
  }

  /** Milliseconds until both budgets allow a request of `estimate` tokens (0 = now). */
  private waitFor(estimate: number): number {
    this.prune();
    const now = this.now();
    let wait = 0;
    if (this.requests.length >= this.requestsPerMinute) {
      // The oldest requests must leave the window until one slot is free.
      const index = this.requests.length - this.requestsPerMinute;
      wait = Math.max(wait, this.requests[index]! + MINUTE_MS - now);
    }
    let used = this.tokens.reduce((sum, entry) => sum + entry.tokens, 0);
    if (used + estimate > this.tokensPerHour) {
      for (const entry of this.tokens) {
        used -= entry.tokens;
        if (used + estimate <= this.tokensPerHour) {
          wait = Math.max(wait, entry.at + HOUR_MS - now);
          break;
        }
      }
    }
    return Math.max(0, wait);
  }
}
