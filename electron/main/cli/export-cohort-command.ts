import { resolve } from 'node:path';
import { exportCohort, type CohortExportFormat } from '../cohort/cohort-export';
import type { CliCommand } from './command';
import { UsageError } from './command';
import { openCliCore, parseCommandArgs } from './cli-core';

const formats: CohortExportFormat[] = ['csv', 'xapi'];

export const exportCohortCommand: CliCommand = {
  name: 'export-cohort',
  summary: 'Write the cohort table (CSV) or xAPI 1.0.3 statements (JSON) of many sessions to a file',
  usage:
    'npm run chattrain -- export-cohort --format csv|xapi --out <file> [--from DATE] [--to DATE] [--scenario ID]\n' +
    '       [--home-page IRI] [--activity-base IRI]   (xapi: actor account homePage, activity id base)\n' +
    '  DATE is YYYY-MM-DD (a whole UTC day, --to inclusive) or an ISO-8601 time; it bounds started_at.',
  async run(args, io) {
    const { values } = parseCommandArgs(args, {
      format: { type: 'string' },
      out: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      scenario: { type: 'string' },
      'home-page': { type: 'string' },
      'activity-base': { type: 'string' },
    });
    const format = values.format as CohortExportFormat | undefined;
    if (!format || !formats.includes(format)) throw new UsageError(`--format must be one of ${formats.join(', ')}.`);
    if (!values.out) throw new UsageError('Missing --out <file>.');
    if (format === 'csv' && (values['home-page'] || values['activity-base'])) throw new UsageError('--home-page and --activity-base apply to --format xapi only.');
    const out = resolve(values.out);
    const core = await openCliCore(values['data-dir']);
    try {
      const result = await exportCohort(core.database.db, {
        format,
        out,
        filters: { from: values.from, to: values.to, scenarioId: values.scenario },
        xapi: { homePage: values['home-page'], activityBase: values['activity-base'] },
      });
      if (values.json) io.out(JSON.stringify(result));
      else io.out(`Wrote ${result.records} ${format === 'csv' ? 'session rows (CSV)' : 'xAPI statements'} (${result.bytes} bytes) to ${out}`);
      return 0;
    } finally {
      await core.close();
    }
  },
};
