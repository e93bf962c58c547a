import { describe, expect, it } from 'vitest';
import { CallGate } from './call-gate';

const tick = (ms = 5) => new Promise((resolve) => setTimeout(resolve, ms));

describe('CallGate', () => {
  it('starts exclusive work after the running calls, holds new calls until it is done', async () => {
    const gate = new CallGate();
    const order: string[] = [];
    let finishSlow!: () => void;
    const slow = gate.run(async () => {
      order.push('slow started');
      await new Promise<void>((resolve) => (finishSlow = resolve));
      order.push('slow done');
    });
    const work = gate.exclusive(async () => {
      order.push('exclusive');
      await tick();
      order.push('exclusive done');
      return 42;
    });
    await tick();
    const later = gate.run(() => order.push('later'));
    expect(gate.busy).toBe(true);
    expect(order).toEqual(['slow started']);
    finishSlow();
    expect(await work).toBe(42);
    await Promise.all([slow, later]);
    expect(order).toEqual(['slow started', 'slow done', 'exclusive', 'exclusive done', 'later']);
    expect(gate.busy).toBe(false);
  });

  it('does not wait for the call it was started from, and refuses a second exclusive at once', async () => {
    const gate = new CallGate();
    const result = await gate.run(async () => {
      const first = gate.exclusive(async () => {
        await tick();
        return 'done';
      });
      await expect(gate.exclusive(async () => 'second')).rejects.toMatchObject({ code: 'CONFLICT' });
      return first;
    });
    expect(result).toBe('done');
  });

  it('gives up with CONFLICT when running calls do not finish in time, and lets calls through again', async () => {
    const gate = new CallGate(30);
    let finish!: () => void;
    const stuck = gate.run(() => new Promise<void>((resolve) => (finish = resolve)));
    await expect(gate.exclusive(async () => 'never')).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await gate.run(() => 'through')).toBe('through');
    finish();
    await stuck;
  });
});
