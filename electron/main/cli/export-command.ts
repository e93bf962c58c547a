import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { AppError } from '../../../shared/errors';
import type { ReportFormat } from '../../../shared/training/types';
import type { CliCommand } from './command';
import { UsageError } from './command';
import { openCliCore, parseCommandArgs, requirePositional } from './cli-core';

const formats: ReportFormat[] = ['pdf', 'html', 'md', 'json'];

export const exportCommand: CliCommand = {
  name: 'export',
  summary: 'Write a session report (pdf, html, md or json) to a file',
  usage: 'npm run chattrain -- export <sessionId> --format pdf|html|md|json --out <file>',
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, { format: { type: 'string' }, out: { type: 'string' } });
    const sessionId = requirePositional(positionals, 0, 'sessionId');
    const format = values.format as ReportFormat | undefined;
    if (!format || !formats.includes(format)) throw new UsageError(`--format must be one of ${formats.join(', ')}.`);
    if (!values.out) throw new UsageError('Missing --out <file>.');
    const out = resolve(values.out);
    const core = await openCliCore(values['data-dir']);
    try {
      const rendered = await core.training.renderReport(sessionId, format);
      try {
        await writeFile(out, rendered.bytes);
      } catch (error) {
        throw new AppError('IO_ERROR', `Could not write ${out}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
      }
      if (values.json) io.out(JSON.stringify({ path: out, format, bytes: rendered.bytes.length }));
      else io.out(`Wrote ${format.toUpperCase()} report (${rendered.bytes.length} bytes) to ${out}`);
      return 0;
    } finally {
      await core.close();
    }
  },
};
