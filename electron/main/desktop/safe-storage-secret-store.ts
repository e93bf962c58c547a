import { safeStorage } from 'electron';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import {
  assertSecretName,
  assertSecretValue,
  ensurePrivateDir,
  FileSecretStore,
  readPrivateFile,
  secretsDir,
  writePrivateFileAtomic,
  type SecretStore,
} from '../secrets/secret-store';

/**
 * Electron adapter: secrets encrypted with the OS keychain through `safeStorage`
 * (Keychain on macOS, DPAPI on Windows, libsecret/KWallet on Linux). The ciphertext is
 * stored base64-encoded in `<userData>/secrets/<name>.enc` (0600).
 *
 * Where the OS offers no keychain (`isEncryptionAvailable()` is false, or Linux picked
 * the `basic_text` backend, which "encrypts" with a hard-coded password) this falls back
 * to `FileSecretStore` and its description says so. Call only after the app's `ready`
 * event. A key saved through the file fallback is moved into the keychain the next time
 * it is read while encryption is available.
 */
export function createSafeStorageSecretStore(userDataDir: string): SecretStore {
  if (!osEncryptionAvailable()) {
    return new FileSecretStore(userDataDir, 'This system has no usable OS keychain (safeStorage is unavailable).');
  }
  const dir = secretsDir(userDataDir);
  const fallback = new FileSecretStore(userDataDir);
  const pathFor = (name: string) => {
    assertSecretName(name);
    return join(dir, `${name}.enc`);
  };

  const store: SecretStore = {
    kind: 'os-keychain',
    description: `The API key is encrypted with the operating system keychain (Electron safeStorage) and stored in ${dir}.`,
    async has(name) {
      return (await store.get(name)) !== null;
    },
    async get(name) {
      const encrypted = await readPrivateFile(pathFor(name));
      if (encrypted !== null) return safeStorage.decryptString(Buffer.from(encrypted.toString('utf8'), 'base64'));
      const legacy = await fallback.get(name);
      if (legacy === null) return null;
      await store.set(name, legacy);
      return legacy;
    },
    async set(name, value) {
      const path = pathFor(name);
      assertSecretValue(value);
      await ensurePrivateDir(dir);
      await writePrivateFileAtomic(path, safeStorage.encryptString(value).toString('base64'));
      await fallback.clear(name);
    },
    async clear(name) {
      await rm(pathFor(name), { force: true });
      await fallback.clear(name);
    },
  };
  return store;
}

function osEncryptionAvailable(): boolean {
  if (!safeStorage.isEncryptionAvailable()) return false;
  if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend?.() === 'basic_text') return false;
  return true;
}
