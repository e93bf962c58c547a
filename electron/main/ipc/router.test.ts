import { describe, expect, it, vi } from 'vitest';
import { AppError } from '../../../shared/errors';
import { defaultSettings } from '../../../shared/settings/schema';
import { createIpcRouter, originOf, type IpcHandlers } from './router';

const trusted = { origin: 'chattrain://app', isMainFrame: true };

function makeRouter(overrides: Partial<IpcHandlers> = {}, onUnexpectedError = vi.fn()) {
  const handlers = {
    'app.info': () => ({ name: 'ChatTrain', version: '1', mode: 'desktop', dataDir: '/d', databasePath: '/d/x.db', platform: 'linux' }),
    'scenarios.list': () => [],
    'scenarios.get': ({ id }: { id: string }) => {
      throw new AppError('NOT_FOUND', `No scenario with id ${id}.`);
    },
    'scenarios.reload': () => ({ loaded: 0, unchanged: 0, removed: 0, problems: [] }),
    'documents.search': vi.fn(() => []),
    'documents.get': () => {
      throw new Error('disk exploded at /secret/path');
    },
    'settings.get': () => defaultSettings,
    'settings.set': vi.fn((patch: object) => ({ ...defaultSettings, ...patch })),
    ...overrides,
  } as unknown as IpcHandlers;
  return { router: createIpcRouter({ handlers, trustedOrigins: ['chattrain://app'], onUnexpectedError }), handlers, onUnexpectedError };
}

describe('IPC router', () => {
  it('returns the handler value wrapped in ok', async () => {
    const { router } = makeRouter();
    await expect(router.dispatch('scenarios.list', undefined, trusted)).resolves.toEqual({ ok: true, value: [] });
  });

  it('refuses senders from other origins and from sub-frames before looking at the input', async () => {
    const { router, handlers } = makeRouter();
    for (const sender of [
      { origin: 'https://evil.example', isMainFrame: true },
      { origin: 'file://', isMainFrame: true },
      { origin: 'chattrain://app', isMainFrame: false },
    ]) {
      const result = await router.dispatch('documents.search', { query: 'x' }, sender);
      expect(result).toEqual({ ok: false, error: { code: 'UNTRUSTED_SENDER', message: expect.any(String) } });
    }
    expect(handlers['documents.search']).not.toHaveBeenCalled();
  });

  it('rejects unknown channels, including prototype keys', async () => {
    const { router } = makeRouter();
    for (const channel of ['nope', '__proto__', 'constructor', 42, null]) {
      const result = await router.dispatch(channel, undefined, trusted);
      expect(result).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    }
  });

  it('rejects bad input with a readable message and never calls the handler', async () => {
    const { router, handlers } = makeRouter();
    const cases: unknown[] = [undefined, {}, { query: 42 }, { query: 'x', limit: 0 }, { query: 'x', extra: true }, { query: 'x'.repeat(1001) }];
    for (const input of cases) {
      const result = await router.dispatch('documents.search', input, trusted);
      expect(result).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: expect.stringContaining('documents.search') } });
    }
    const badSetting = await router.dispatch('settings.set', { theme: 'neon' }, trusted);
    expect(badSetting).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: expect.stringContaining('theme') } });
    const unknownSetting = await router.dispatch('settings.set', { isAdmin: true }, trusted);
    expect(unknownSetting).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(handlers['documents.search']).not.toHaveBeenCalled();
    expect(handlers['settings.set']).not.toHaveBeenCalled();
  });

  it('passes parsed input to the handler', async () => {
    const { router, handlers } = makeRouter();
    await router.dispatch('settings.set', { retrievalTopK: 5 }, trusted);
    expect(handlers['settings.set']).toHaveBeenCalledWith({ retrievalTopK: 5 });
  });

  it('turns an AppError into its code and message', async () => {
    const { router } = makeRouter();
    await expect(router.dispatch('scenarios.get', { id: 'missing' }, trusted)).resolves.toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'No scenario with id missing.' },
    });
  });

  it('hides unexpected error details from the renderer but reports them to the log', async () => {
    const { router, onUnexpectedError } = makeRouter();
    const result = await router.dispatch('documents.get', { id: 1 }, trusted);
    expect(result).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(JSON.stringify(result)).not.toContain('/secret/path');
    expect(onUnexpectedError).toHaveBeenCalledWith('documents.get', expect.any(Error));
  });
});

describe('originOf', () => {
  it('keeps custom schemes that URL.origin reports as "null"', () => {
    expect(originOf('chattrain://app/index.html#x')).toBe('chattrain://app');
    expect(originOf('http://127.0.0.1:5173/path')).toBe('http://127.0.0.1:5173');
    expect(originOf('not a url')).toBe('null');
  });
});
