import type { CliCommand, CliIo } from './command';
import { UsageError } from './command';
import { backupCommand } from './backup-command';
import { bundleCommand } from './bundle-command';
import { contentCommand } from './content-command';
import { exportCohortCommand } from './export-cohort-command';
import { exportCommand } from './export-command';
import { restoreCommand } from './restore-command';
import { playCommand } from './play-command';
import { validateCommand } from './validate-command';
import { AppError } from '../../../shared/errors';

const commands: CliCommand[] = [validateCommand, playCommand, exportCommand, exportCohortCommand, bundleCommand, contentCommand, backupCommand, restoreCommand];

function helpText(): string {
  const width = Math.max(...commands.map((command) => command.name.length));
  return [
    'ChatTrain command line: the same core as the desktop app.',
    '',
    'Usage: npm run chattrain -- <command> [options]',
    '',
    'Commands:',
    ...commands.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`),
    '',
    'Every command accepts --data-dir <dir> (default: the desktop app\'s data folder,',
    'or $CHATTRAIN_DATA_DIR). Run `npm run chattrain -- <command> --help` for its options.',
  ].join('\n');
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(helpText());
    return 0;
  }
  const command = commands.find((candidate) => candidate.name === name);
  if (!command) {
    io.err(`Unknown command "${name}".\n\n${helpText()}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(`${command.summary}\n\nUsage: ${command.usage}`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`${error.message}\n\nUsage: ${command.usage}`);
      return 2;
    }
    if (error instanceof AppError) {
      io.err(`Error (${error.code}): ${error.message}`);
      return 1;
    }
    if (error instanceof TypeError && (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`${error.message}\n\nUsage: ${command.usage}`);
      return 2;
    }
    throw error;
  }
}
