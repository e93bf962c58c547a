import path from 'node:path';

const queues = new Map<string, Promise<unknown>>();

/**
 * Runs imports and removals of one data folder one after another, never interleaved (two
 * imports of the same pack would otherwise race for its folder). Within one process; the
 * app and a CLI run at the same moment are not coordinated beyond the atomic renames.
 */
export function withPackLock<T>(dataDir: string, task: () => Promise<T>): Promise<T> {
  const key = path.resolve(dataDir);
  const previous = queues.get(key) ?? Promise.resolve();
  const next = previous.catch(() => undefined).then(task);
  const settled = next.catch(() => undefined);
  queues.set(key, settled);
  void settled.then(() => {
    if (queues.get(key) === settled) queues.delete(key);
  });
  return next;
}
