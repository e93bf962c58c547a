import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { redactSecrets } from '../../electron/main/secrets/redact';
import { FileSecretStore, LLM_API_KEY_SECRET } from '../../electron/main/secrets/secret-store';

const posix = process.platform !== 'win32';
let dataDir: string;

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'chattrain-secrets-'));
});
afterEach(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

describe('FileSecretStore', () => {
  it('round-trips, reports has(), and clears', async () => {
    const store = new FileSecretStore(dataDir);
    expect(await store.has(LLM_API_KEY_SECRET)).toBe(false);
    expect(await store.get(LLM_API_KEY_SECRET)).toBeNull();
    await store.set(LLM_API_KEY_SECRET, 'sk-abc-123');
    expect(await store.has(LLM_API_KEY_SECRET)).toBe(true);
    expect(await store.get(LLM_API_KEY_SECRET)).toBe('sk-abc-123');
    await store.set(LLM_API_KEY_SECRET, 'sk-new-456');
    expect(await store.get(LLM_API_KEY_SECRET)).toBe('sk-new-456');
    await store.clear(LLM_API_KEY_SECRET);
    expect(await store.has(LLM_API_KEY_SECRET)).toBe(false);
    await store.clear(LLM_API_KEY_SECRET); // clearing twice is fine
  });

  it('keeps one file per secret under <dataDir>/secrets, 0600 in a 0700 folder, no temp files left', async () => {
    const store = new FileSecretStore(dataDir);
    await store.set('llm-api-key', 'sk-abc-123');
    await store.set('proxy-password', 'hunter22');
    const dir = join(dataDir, 'secrets');
    expect(store.directory).toBe(dir);
    expect(readdirSync(dir).sort()).toEqual(['llm-api-key.secret', 'proxy-password.secret']);
    expect(readFileSync(join(dir, 'llm-api-key.secret'), 'utf8')).toBe('sk-abc-123');
    if (posix) {
      expect(statSync(dir).mode & 0o777).toBe(0o700);
      expect(statSync(join(dir, 'llm-api-key.secret')).mode & 0o777).toBe(0o600);
    }
  });

  it.skipIf(!posix)('tightens a secret file someone made readable to others', async () => {
    const store = new FileSecretStore(dataDir);
    await store.set('llm-api-key', 'sk-abc-123');
    const file = join(dataDir, 'secrets', 'llm-api-key.secret');
    chmodSync(file, 0o644);
    expect(await store.get('llm-api-key')).toBe('sk-abc-123');
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('says clearly that it is an unencrypted file fallback and where it lives', () => {
    const store = new FileSecretStore(dataDir);
    expect(store.kind).toBe('file-fallback');
    expect(store.description).toMatch(/File fallback/);
    expect(store.description).toMatch(/NOT encrypted/);
    expect(store.description).toContain(join(dataDir, 'secrets'));
  });

  it('refuses invalid names (no path tricks) and bad values', async () => {
    const store = new FileSecretStore(dataDir);
    for (const name of ['', '../evil', 'a/b', 'UPPER', 'with space', 'dot.name', 'x'.repeat(65)]) {
      await expect(store.set(name, 'value')).rejects.toMatchObject({ code: 'BAD_INPUT' });
      await expect(store.get(name)).rejects.toMatchObject({ code: 'BAD_INPUT' });
      await expect(store.clear(name)).rejects.toMatchObject({ code: 'BAD_INPUT' });
    }
    await expect(store.set('llm-api-key', '')).rejects.toMatchObject({ code: 'BAD_INPUT' });
    await expect(store.set('llm-api-key', 'two\nlines')).rejects.toMatchObject({ code: 'BAD_INPUT' });
  });

  it('treats an empty file as no secret', async () => {
    const store = new FileSecretStore(dataDir);
    await store.set('llm-api-key', 'x-1234');
    writeFileSync(join(dataDir, 'secrets', 'llm-api-key.secret'), '');
    expect(await store.has('llm-api-key')).toBe(false);
  });
});

describe('redactSecrets', () => {
  it('removes given secrets, encoded forms, bearer tokens, sk- keys and URL credentials', () => {
    const key = 'sk-proj-AbCdEf0123456789xyz';
    expect(redactSecrets(`key ${key} and ${encodeURIComponent('p@ss/word!')}`, [key, 'p@ss/word!'])).toBe('key [redacted] and [redacted]');
    expect(redactSecrets('Authorization: Bearer abcdefgh12345678', [])).toBe('Authorization: Bearer [redacted]');
    expect(redactSecrets('leaked sk-abcdefghijklmnopqrstu here', [])).toBe('leaked [redacted] here');
    expect(redactSecrets('proxy http://user:secret@proxy:8080', [])).toBe('proxy http://[redacted]@proxy:8080');
    expect(redactSecrets('nothing to hide', ['abc', null, undefined, ''])).toBe('nothing to hide');
  });
});
