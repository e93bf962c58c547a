import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import yaml from 'js-yaml';
import { AppError } from '../../../shared/errors';
import type { Scenario } from '../../../shared/scenario/schema';
import { getScenario } from '../content/queries';
import { formatProblem } from '../content/problems';
import { loadScenario, SCENARIO_FILE_NAME } from '../content/scenario-folder';
import { findOrCreateUser } from '../training/users';
import type { CliCommand } from './command';
import { UsageError } from './command';
import { openCliCore, parseCommandArgs, requirePositional } from './cli-core';

/** Answers file: a YAML list of strings, or plain text with one answer per non-empty line. */
export function readAnswers(file: string): string[] {
  if (!existsSync(file)) throw new UsageError(`The answers file ${file} does not exist.`);
  const text = readFileSync(file, 'utf8');
  let parsed: unknown;
  try {
    parsed = yaml.load(text, { json: true, maxDepth: 4 } as yaml.LoadOptions);
  } catch {
    parsed = undefined;
  }
  if (Array.isArray(parsed) && parsed.every((item) => typeof item === 'string' || typeof item === 'number')) {
    return parsed.map(String).map((answer) => answer.trim()).filter(Boolean);
  }
  return text.split(/\r?\n/).map((line) => line.trim()).filter(Boolean);
}

async function scenarioFromArgument(argument: string, lookup: (id: string) => Promise<Scenario>): Promise<Scenario> {
  const path = resolve(argument);
  if (existsSync(path)) {
    const file = statSync(path).isDirectory() ? join(path, SCENARIO_FILE_NAME) : path;
    const result = await loadScenario(file);
    if (result.problems) {
      throw new AppError('SCENARIO_INVALID', `The scenario at ${argument} is invalid:\n${result.problems.map(formatProblem).join('\n')}`);
    }
    return result.loaded.scenario;
  }
  return lookup(argument);
}

export const playCommand: CliCommand = {
  name: 'play',
  summary: 'Play a scenario headlessly with the offline engine and store the session',
  usage:
    'npm run chattrain -- play <scenario-id|path-to-folder> --answers <file> [--user NAME] [--json]\n' +
    '                          [--llm-base-url URL --llm-model NAME]\n\n' +
    'The answers file holds one answer per line, or a YAML list of answers. With --llm-base-url and\n' +
    '--llm-model the persona and judge run on that OpenAI-compatible endpoint (key from\n' +
    'CHATTRAIN_LLM_API_KEY, or the stored one); otherwise the offline engine plays.',
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {
      answers: { type: 'string' },
      user: { type: 'string' },
      'llm-base-url': { type: 'string' },
      'llm-model': { type: 'string' },
    });
    if (Boolean(values['llm-base-url']) !== Boolean(values['llm-model'])) throw new UsageError('--llm-base-url and --llm-model go together.');
    const target = requirePositional(positionals, 0, 'scenario-id|path-to-folder');
    if (!values.answers) throw new UsageError('Missing --answers <file>.');
    const answers = readAnswers(resolve(values.answers));
    const core = await openCliCore(values['data-dir']);
    try {
      const { db } = core.database;
      const scenario = await scenarioFromArgument(target, async (id) => (await getScenario(db, id)).definition);
      const user = await findOrCreateUser(db, values.user ?? 'Trainee');
      const llm = Boolean(values['llm-base-url']);
      if (llm) {
        core.provider.useTemporarily({ baseUrl: values['llm-base-url']!, model: values['llm-model']! }, process.env.CHATTRAIN_LLM_API_KEY ?? null);
      }
      const { training } = core;
      const sessionId = await training.engine.create({ userId: user.id, scenario, engine: llm ? 'llm' : 'offline' });
      await training.start(sessionId);
      await training.persona?.settle();
      for (const answer of answers) {
        const { outcome, reply } = await training.answerTurn(sessionId, answer);
        await reply;
        if (outcome.status !== 'in_progress') break;
      }
      const view = await core.training.view(sessionId);
      const result = {
        sessionId,
        scenarioId: scenario.id,
        status: view.session.status,
        completionReason: view.session.completionReason,
        totalScore: view.session.totalScore,
        passed: view.session.passed,
        steps: view.steps.map((step) => ({ id: step.stepId, attempts: step.attempts, score: step.bestScore, passed: step.status === 'passed' })),
        transcript: view.messages.map((message) => ({ role: message.role, content: message.content, ...(message.role === 'persona' ? { engine: message.engine } : {}) })),
      };
      if (values.json) {
        io.out(JSON.stringify(result));
      } else {
        for (const message of result.transcript) io.out(`${message.role.padEnd(8)} ${message.content}`);
        io.out('');
        for (const step of result.steps) io.out(`step ${step.id}: ${step.passed ? 'passed' : 'not passed'} (attempts ${step.attempts}, score ${step.score ?? '—'})`);
        io.out(`\n${result.status}${result.completionReason ? ` (${result.completionReason})` : ''}: total ${result.totalScore ?? '—'}, ${result.passed ? 'passed' : 'not passed'}`);
        io.out(`session id: ${sessionId}`);
      }
      return 0;
    } finally {
      await core.close();
    }
  },
};
