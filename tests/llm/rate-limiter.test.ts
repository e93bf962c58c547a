import { describe, expect, it } from 'vitest';
import { LlmError } from '../../electron/main/llm/llm-error';
import { HOUR_MS, MINUTE_MS, RateLimiter } from '../../electron/main/llm/rate-limiter';

/** A clock that only moves when someone sleeps (or the test advances it). */
function fakeClock(start = 1_000_000) {
  const clock = {
    time: start,
    sleeps: [] as number[],
    now: () => clock.time,
    sleep: async (ms: number, signal?: AbortSignal) => {
      if (signal?.aborted) throw new LlmError('cancelled', 'stopped');
      clock.sleeps.push(ms);
      clock.time += ms;
    },
  };
  return clock;
}

const limiter = (clock: ReturnType<typeof fakeClock>, options: { requestsPerMinute?: number; tokensPerHour?: number; maxWaitMs?: number } = {}) =>
  new RateLimiter({ requestsPerMinute: 3, tokensPerHour: 1000, maxWaitMs: 120_000, now: clock.now, sleep: clock.sleep, ...options });

describe('RateLimiter', () => {
  it('lets requests through while both budgets allow', async () => {
    const clock = fakeClock();
    const rl = limiter(clock);
    for (let i = 0; i < 3; i++) await rl.acquire(100);
    expect(clock.sleeps).toEqual([]);
    expect(rl.remaining()).toEqual({ requests: 0, tokens: 700 });
  });

  it('waits for the oldest request to leave the 60-second window', async () => {
    const clock = fakeClock();
    const rl = limiter(clock);
    await rl.acquire(10);
    clock.time += 10_000;
    await rl.acquire(10);
    await rl.acquire(10);
    await rl.acquire(10); // must wait until the first (t=0) is 60 s old: 50 s from now
    expect(clock.sleeps).toEqual([50_000]);
  });

  it('is a sliding window, not a fixed one', async () => {
    const clock = fakeClock();
    const rl = limiter(clock, { requestsPerMinute: 2 });
    await rl.acquire(1);
    clock.time += 59_000;
    await rl.acquire(1);
    clock.time += 1_000; // the first is now exactly 60 s old
    await rl.acquire(1);
    expect(clock.sleeps).toEqual([]);
    await rl.acquire(1); // the second (t=59 s) leaves at t=119 s; now t=60 s
    expect(clock.sleeps).toEqual([59_000]);
  });

  it('throws rate_limited with a clear message when the wait exceeds maxWaitMs', async () => {
    const clock = fakeClock();
    const rl = limiter(clock, { maxWaitMs: 5_000 });
    for (let i = 0; i < 3; i++) await rl.acquire(1);
    const error = await rl.acquire(1).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(LlmError);
    expect(error).toMatchObject({ kind: 'rate_limited', source: 'local', retryAfterMs: MINUTE_MS });
    expect((error as LlmError).message).toBe("ChatTrain's own limit of 3 requests per minute (set in Settings) is reached; try again in 60 s.");
    expect(clock.sleeps).toEqual([]);
  });

  it('budgets tokens per hour and waits for old tokens to expire', async () => {
    const clock = fakeClock();
    const rl = limiter(clock, { requestsPerMinute: 100, maxWaitMs: 2 * HOUR_MS });
    await rl.acquire(600);
    clock.time += 10 * MINUTE_MS;
    await rl.acquire(300);
    await rl.acquire(200); // 1100 > 1000: wait until the 600 expire (50 min from now)
    expect(clock.sleeps).toEqual([50 * MINUTE_MS]);
  });

  it('says which budget is exhausted', async () => {
    const clock = fakeClock();
    const rl = limiter(clock, { requestsPerMinute: 100, maxWaitMs: 1000 });
    await rl.acquire(900);
    await expect(rl.acquire(200)).rejects.toMatchObject({ kind: 'rate_limited', message: expect.stringContaining('1000 tokens per hour') });
  });

  it('replaces the estimate with the actual count when recorded', async () => {
    const clock = fakeClock();
    const rl = limiter(clock, { requestsPerMinute: 100 });
    const permit = await rl.acquire(800);
    expect(rl.remaining().tokens).toBe(200);
    permit.record(150);
    expect(rl.remaining().tokens).toBe(850);
    permit.record(999); // only the first record counts
    expect(rl.remaining().tokens).toBe(850);
    rl.record(50);
    expect(rl.remaining().tokens).toBe(800);
    clock.time += HOUR_MS;
    expect(rl.remaining().tokens).toBe(1000);
  });

  it('refuses a request larger than the whole hourly budget at once', async () => {
    const clock = fakeClock();
    await expect(limiter(clock).acquire(5000)).rejects.toMatchObject({ kind: 'rate_limited', message: expect.stringContaining('more than ChatTrain') });
  });

  it('stops waiting when the signal aborts', async () => {
    const rl = new RateLimiter({ requestsPerMinute: 1, tokensPerHour: 1000, maxWaitMs: 120_000 });
    await rl.acquire(1);
    const controller = new AbortController();
    const waiting = rl.acquire(1, controller.signal);
    setTimeout(() => controller.abort(), 20);
    await expect(waiting).rejects.toMatchObject({ kind: 'cancelled' });
  });
});
