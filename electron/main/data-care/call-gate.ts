import { AsyncLocalStorage } from 'node:async_hooks';
import { AppError } from '../../../shared/errors';

/**
 * Lets one piece of work run alone against the core (a restore or a move closes the
 * database under every handler): calls arriving meanwhile wait for it, and it starts only
 * when the calls already running have finished. Work started from inside a call (an IPC
 * handler) does not wait for that call itself.
 */
export class CallGate {
  private running = 0;
  private held: Promise<void> | null = null;
  private waiters: (() => void)[] = [];
  private readonly insideCall = new AsyncLocalStorage<true>();

  constructor(private readonly drainTimeoutMs = 60_000) {}

  async run<T>(call: () => Promise<T> | T): Promise<T> {
    while (this.held) await this.held;
    this.running++;
    try {
      return await this.insideCall.run(true, call);
    } finally {
      this.running--;
      for (const wake of this.waiters.splice(0)) wake();
    }
  }

  /** Whether exclusive work is under way (new calls are waiting). */
  get busy(): boolean {
    return this.held !== null;
  }

  async exclusive<T>(work: () => Promise<T>): Promise<T> {
    if (this.held) throw new AppError('CONFLICT', 'Another data operation (a restore or a move) is running; try again when it has finished.');
    let release!: () => void;
    this.held = new Promise((resolve) => (release = resolve));
    try {
      await this.drain(this.insideCall.getStore() ? 1 : 0);
      return await work();
    } finally {
      this.held = null;
      release();
    }
  }

  private async drain(own: number): Promise<void> {
    const deadline = Date.now() + this.drainTimeoutMs;
    while (this.running > own) {
      const left = deadline - Date.now();
      if (left <= 0) throw new AppError('CONFLICT', 'ChatTrain is still busy with another task; nothing was changed. Try again in a moment.');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }
}
