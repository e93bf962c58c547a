import { parseArgs, type ParseArgsConfig } from 'node:util';
import { appVersion } from '../app-version';
import { createChatTrainCore, type ChatTrainCore } from '../chattrain-core';
import { bundledContentDir, defaultDataDir } from '../paths';
import { UsageError } from './command';

/** Options every command accepts. */
export const commonOptions = {
  'data-dir': { type: 'string' },
  json: { type: 'boolean', default: false },
} as const satisfies ParseArgsConfig['options'];

export function parseCommandArgs<O extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: O) {
  return parseArgs({ args, options: { ...commonOptions, ...options }, allowPositionals: true, strict: true });
}

/** Opens the same core as the app, on `--data-dir` or the app's default data folder. */
export async function openCliCore(dataDir: string | undefined): Promise<ChatTrainCore> {
  process.env.CHATTRAIN_QUIET ??= '1';
  return createChatTrainCore({ dataDir: dataDir ?? defaultDataDir(), bundledContentDir: bundledContentDir(), mode: 'cli', appVersion: appVersion() });
}

export function requirePositional(positionals: string[], index: number, name: string): string {
  const value = positionals[index];
  if (!value) throw new UsageError(`Missing <${name}>.`);
  return value;
}
