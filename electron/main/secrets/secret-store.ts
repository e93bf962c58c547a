import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../../../shared/errors';

/**
 * Where secrets (the LLM API key) are kept. The renderer never sees a secret: it may only
 * learn whether one is set (`has`). Secrets are never logged, exported or written to the
 * database.
 *
 * - Desktop app: `createSafeStorageSecretStore` (electron/main/desktop) encrypts with the
 *   OS keychain through Electron's safeStorage (`kind: 'os-keychain'`).
 * - CLI / browser mode, or a desktop without a keyring: `FileSecretStore`, a clearly
 *   labelled plain file fallback protected only by file permissions (`kind: 'file-fallback'`).
 */
export interface SecretStore {
  readonly kind: 'os-keychain' | 'file-fallback';
  /** One sentence for the settings screen saying how and where secrets are kept. */
  readonly description: string;
  has(name: string): Promise<boolean>;
  get(name: string): Promise<string | null>;
  set(name: string, value: string): Promise<void>;
  clear(name: string): Promise<void>;
}

/** The name under which the LLM provider's API key is stored. */
export const LLM_API_KEY_SECRET = 'llm-api-key';

const secretNamePattern = /^[a-z0-9-]{1,64}$/;
/** The longest secret accepted (API keys are far shorter; this only bounds bad input). */
export const MAX_SECRET_LENGTH = 16_384;

/** Throws AppError('BAD_INPUT') unless the name is 1–64 characters of a-z, 0-9 and "-". */
export function assertSecretName(name: string): void {
  if (typeof name !== 'string' || !secretNamePattern.test(name)) {
    throw new AppError('BAD_INPUT', 'A secret name may only use a-z, 0-9 and "-" (1 to 64 characters).');
  }
}

export function assertSecretValue(value: string): void {
  if (typeof value !== 'string' || value.length === 0) throw new AppError('BAD_INPUT', 'The secret is empty.');
  if (value.length > MAX_SECRET_LENGTH) throw new AppError('BAD_INPUT', 'The secret is too long.');
  if (value.trim() !== value || /[\r\n\0]/.test(value)) {
    throw new AppError('BAD_INPUT', 'The secret must not start or end with spaces or contain line breaks.');
  }
}

/** `<dataDir>/secrets`: where secret files live in every mode. */
export function secretsDir(dataDir: string): string {
  return join(dataDir, 'secrets');
}

const isMissing = (error: unknown) => (error as NodeJS.ErrnoException | null)?.code === 'ENOENT';
const onWindows = process.platform === 'win32';

/** Creates the secrets folder readable only by the current user (0700). */
export async function ensurePrivateDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  if (!onWindows) await chmod(dir, 0o700);
}

/**
 * Writes a file readable only by the current user (0600), atomically: the content goes to
 * a temporary file in the same folder, is flushed to disk, and then renamed over the
 * target, so a crash leaves either the old or the new secret, never half of one.
 */
export async function writePrivateFileAtomic(path: string, content: string | Buffer): Promise<void> {
  const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await open(temp, 'wx', 0o600);
  try {
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    if (!onWindows) await chmod(temp, 0o600);
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** Reads a private file; null if it does not exist. Tightens its permissions if someone loosened them. */
export async function readPrivateFile(path: string): Promise<Buffer | null> {
  try {
    const info = await stat(path);
    if (!onWindows && (info.mode & 0o077) !== 0) await chmod(path, 0o600);
    return await readFile(path);
  } catch (error) {
    if (isMissing(error)) return null;
    throw error;
  }
}

/**
 * File fallback for CLI and browser mode (and a desktop without an OS keyring): one file
 * per secret, `<dataDir>/secrets/<name>.secret`, mode 0600 in a 0700 folder, written
 * atomically. The content is NOT encrypted: anyone who can read your user account's files
 * can read it. `description` says exactly that, for the settings screen.
 */
export class FileSecretStore implements SecretStore {
  readonly kind = 'file-fallback' as const;
  readonly description: string;
  /** The folder holding the secret files. */
  readonly directory: string;

  constructor(dataDir: string, reason?: string) {
    this.directory = secretsDir(dataDir);
    this.description =
      `${reason ? `${reason} ` : ''}File fallback: the API key is stored in a plain file under ${this.directory}, ` +
      'readable only by your user account; it is NOT encrypted by the operating system keychain.';
  }

  private pathFor(name: string): string {
    assertSecretName(name);
    return join(this.directory, `${name}.secret`);
  }

  async has(name: string): Promise<boolean> {
    return (await this.get(name)) !== null;
  }

  async get(name: string): Promise<string | null> {
    const content = await readPrivateFile(this.pathFor(name));
    if (content === null) return null;
    const value = content.toString('utf8');
    return value.length > 0 ? value : null;
  }

  async set(name: string, value: string): Promise<void> {
    const path = this.pathFor(name);
    assertSecretValue(value);
    await ensurePrivateDir(this.directory);
    await writePrivateFileAtomic(path, value);
  }

  async clear(name: string): Promise<void> {
    await rm(this.pathFor(name), { force: true });
  }
}
