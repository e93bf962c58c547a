import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { AppError } from '../../../shared/errors';

/**
 * PIN hashing for facilitator/trainer profiles (SPEC 6): scrypt from node:crypto with a
 * random 16-byte salt. The stored string carries its parameters, so they can be raised
 * later without breaking existing PINs (`needsRehash` tells when to re-hash on the next
 * successful check):
 *
 *   $scrypt$ln=15,r=8,p=1$<salt, base64>$<hash, base64>
 *
 * ln is log2(N). Current parameters: N = 2^15, r = 8, p = 1, 32-byte key (≈ 50–100 ms and
 * 32 MiB per check on a laptop).
 */

export interface ScryptParams {
  /** log2 of the CPU/memory cost N. */
  ln: number;
  r: number;
  p: number;
}

export const CURRENT_PIN_PARAMS: ScryptParams = { ln: 15, r: 8, p: 1 };
const KEY_LENGTH = 32;
const SALT_BYTES = 16;
/** PINs are 4 to 12 digits. */
export const PIN_PATTERN = /^\d{4,12}$/;

function scrypt(secret: string, salt: Buffer, keyLength: number, params: ScryptParams): Promise<Buffer> {
  const N = 2 ** params.ln;
  const options: ScryptOptions = { N, r: params.r, p: params.p, maxmem: 256 * N * params.r + 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scryptCallback(secret, salt, keyLength, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

/** Throws BAD_INPUT unless `pin` is an acceptable PIN (4–12 digits). */
export function assertValidPin(pin: unknown): asserts pin is string {
  if (typeof pin !== 'string' || !PIN_PATTERN.test(pin)) {
    throw new AppError('BAD_INPUT', 'A PIN must be 4 to 12 digits.');
  }
}

/** Hashes a PIN into the self-describing string stored in `users.pin_hash`. */
export async function hashPin(pin: string, params: ScryptParams = CURRENT_PIN_PARAMS): Promise<string> {
  assertValidPin(pin);
  const salt = randomBytes(SALT_BYTES);
  const key = await scrypt(pin, salt, KEY_LENGTH, params);
  return `$scrypt$ln=${params.ln},r=${params.r},p=${params.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

interface ParsedHash {
  params: ScryptParams;
  salt: Buffer;
  key: Buffer;
}

/** Parses a stored hash; null when it is not one this code wrote (or has absurd parameters). */
export function parsePinHash(encoded: string): ParsedHash | null {
  const match = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/]+={0,2})\$([A-Za-z0-9+/]+={0,2})$/.exec(encoded);
  if (!match) return null;
  const params = { ln: Number(match[1]), r: Number(match[2]), p: Number(match[3]) };
  // Bounds keep a hand-edited row from making a check take minutes or gigabytes.
  if (params.ln < 10 || params.ln > 20 || params.r < 1 || params.r > 32 || params.p < 1 || params.p > 16) return null;
  const salt = Buffer.from(match[4]!, 'base64');
  const key = Buffer.from(match[5]!, 'base64');
  if (salt.length < 16 || key.length < 16) return null;
  return { params, salt, key };
}

/** Constant-time comparison of a PIN against a stored hash. An unreadable hash never matches. */
export async function verifyPinHash(pin: string, encoded: string): Promise<boolean> {
  const parsed = parsePinHash(encoded);
  if (!parsed || typeof pin !== 'string' || pin.length > 64) return false;
  const candidate = await scrypt(pin, parsed.salt, parsed.key.length, parsed.params);
  return timingSafeEqual(candidate, parsed.key);
}

/** True when a stored hash uses weaker parameters than the current ones (re-hash after a successful check). */
export function needsRehash(encoded: string, params: ScryptParams = CURRENT_PIN_PARAMS): boolean {
  const parsed = parsePinHash(encoded);
  if (!parsed) return true;
  return parsed.params.ln < params.ln || parsed.params.r < params.r || parsed.params.p < params.p;
}
