import { resolve } from 'node:path';
import { validateContent } from '../content/discovery';
import { formatProblem } from '../content/problems';
import type { CliCommand } from './command';
import { parseCommandArgs, requirePositional } from './cli-core';

export const validateCommand: CliCommand = {
  name: 'validate',
  summary: 'Check scenario files: a content folder, one scenario folder, or a scenario.yaml',
  usage: 'npm run chattrain -- validate <path> [--json]\n\nPrints one `file:line:col: message` line per problem (or a JSON array with file, line, column, path and message) and exits 1 if any scenario is invalid.',
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {});
    const target = resolve(requirePositional(positionals, 0, 'path'));
    const report = await validateContent(target);
    if (values.json) {
      io.out(JSON.stringify(report.problems, null, 2));
    } else {
      for (const problem of report.problems) io.out(formatProblem(problem));
      io.err(`${report.scenarios.length} valid scenario(s), ${report.problems.length} problem(s).`);
    }
    return report.problems.length > 0 ? 1 : 0;
  },
};
