import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createChatTrainCore, type ChatTrainCore } from '../chattrain-core';
import { importPackAndSync } from './sync';
import { goodPackFiles, tempDir, writeFiles } from './testing/fixtures';

let core: ChatTrainCore | undefined;
let cleanup: (() => void) | undefined;
afterEach(async () => {
  await core?.close();
  cleanup?.();
});

describe('an imported pack in the running app', () => {
  it('is listed after import and stays listed across reloads and restarts', async () => {
    const temp = tempDir();
    cleanup = temp.cleanup;
    const bundled = join(temp.dir, 'bundled');
    mkdirSync(bundled);
    const source = join(temp.dir, 'claims-pack');
    writeFiles(source, goodPackFiles('claims-pack', ['pack.alpha', 'pack.beta']));
    const options = { dataDir: join(temp.dir, 'data'), bundledContentDir: bundled, mode: 'web' as const, appVersion: 'test' };
    core = await createChatTrainCore(options);

    const { result } = await importPackAndSync({ db: core.database.db, dataDir: options.dataDir, bundledContentDir: bundled }, source);
    expect(result.ok).toBe(true);
    const ids = async () => (await core!.handlers['scenarios.list'](undefined)).map((scenario) => scenario.id).sort();
    expect(await ids()).toEqual(['pack.alpha', 'pack.beta']);
    await core.handlers['scenarios.reload'](undefined);
    expect(await ids()).toEqual(['pack.alpha', 'pack.beta']);
    expect((await core.handlers['scenarios.list'](undefined))[0]!.origin).toBe('imported');

    await core.close();
    core = await createChatTrainCore(options);
    expect(await ids()).toEqual(['pack.alpha', 'pack.beta']);
  });
});
