import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAiServer } from '../llm/fake-openai-server';

const root = join(__dirname, '..', '..');
let dir: string;
let dataDir: string;

/** Runs exactly the documented command: `npm run chattrain -- …`. */
function chattrain(...args: string[]) {
  const result = spawnSync('npm', ['run', 'chattrain', '--', ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'chattrain-cli-'));
  dataDir = join(dir, 'data');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const goodAnswers = [
  "I'm so sorry to hear that, I'm here to help and I'll walk you through it. Could I have your policy number?",
  'Thank you. To verify your identity, could you confirm your full name, date of birth and address?',
];

describe('npm run chattrain', () => {
  it('--help lists every command and the shared --data-dir option', () => {
    const { code, stdout } = chattrain('--help');
    expect(code).toBe(0);
    for (const command of ['validate', 'play', 'export']) expect(stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
    expect(stdout).toContain('--data-dir');
  });

  it('validate accepts the bundled content and exits 0', () => {
    const { code, stdout } = chattrain('validate', join(root, 'content'));
    expect(stdout.trim()).toBe('');
    expect(code).toBe(0);
  });

  it('validate reports file:line:col problems and exits 1 when a scenario is invalid', () => {
    const content = join(dir, 'content');
    cpSync(join(root, 'content', 'insurance.claim_handling.v1'), join(content, 'good'), { recursive: true });
    mkdirSync(join(content, 'bad'), { recursive: true });
    writeFileSync(join(content, 'bad', 'scenario.yaml'), 'id: bad.one\ntitle: Bad\ndescription: x\ndomain: d\nversion: 1.0.0\ndifficulty: easy\npersona: { name: A, role: B }\nsteps: []\n');
    const text = chattrain('validate', content);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(new RegExp(`${join(content, 'bad', 'scenario.yaml').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:6:1: difficulty`));
    const json = chattrain('validate', join(content, 'bad'), '--json');
    expect(json.code).toBe(1);
    const problems = JSON.parse(json.stdout) as { file: string; line: number; column: number; path: string; message: string }[];
    expect(problems.map((p) => p.path)).toEqual(expect.arrayContaining(['difficulty', 'steps']));
    expect(problems.every((p) => p.line >= 1 && p.column >= 1 && p.file.endsWith('scenario.yaml'))).toBe(true);
  });

  it('play --json prints exactly one JSON object with the documented fields and stores the session', () => {
    const answers = join(dir, 'answers.yaml');
    writeFileSync(answers, goodAnswers.map((answer) => `- ${JSON.stringify(answer)}`).join('\n'));
    const { code, stdout } = chattrain('play', 'insurance.claim_handling.v1', '--answers', answers, '--user', 'Robin', '--json', '--data-dir', dataDir);
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(Object.keys(result).sort()).toEqual(['completionReason', 'passed', 'scenarioId', 'sessionId', 'status', 'steps', 'totalScore', 'transcript'].sort());
    expect(result).toMatchObject({ scenarioId: 'insurance.claim_handling.v1', status: 'in_progress', completionReason: null });
    expect(result.steps.slice(0, 2)).toEqual([
      { id: 'greeting', attempts: 1, score: 100, passed: true },
      { id: 'verify_identity', attempts: 1, score: expect.any(Number), passed: true },
    ]);
    expect(result.transcript[1]).toEqual({ role: 'trainee', content: goodAnswers[0] });
    expect(result.transcript[0]).toMatchObject({ role: 'persona', engine: 'offline' });

    // Exporting it proves it was stored in --data-dir.
    const pdf = join(dir, 'report.pdf');
    const exported = chattrain('export', result.sessionId, '--format', 'pdf', '--out', pdf, '--data-dir', dataDir);
    expect(exported.code).toBe(0);
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    expect(text).toContain('Session report: Insurance Claim Handling');
    expect(text).toContain('Robin');
    expect(text.replace(/\s+/g, ' ')).toContain('Could I have your policy number?');
    expect(text).toMatch(/page 1 of \d/);

    for (const format of ['html', 'md', 'json'] as const) {
      const out = join(dir, `report.${format}`);
      expect(chattrain('export', result.sessionId, '--format', format, '--out', out, '--data-dir', dataDir).code).toBe(0);
      expect(readFileSync(out, 'utf8')).toContain('policy number');
    }
    expect(JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'))).toMatchObject({ session: { id: result.sessionId }, trainee: { name: 'Robin' } });
  }, 60_000);

  it('play accepts a scenario folder and a plain-text answers file, and finishes a short scenario', () => {
    const scenarioDir = join(dir, 'tiny');
    mkdirSync(scenarioDir, { recursive: true });
    writeFileSync(join(scenarioDir, 'scenario.yaml'), [
      'id: tiny.v1', 'title: Tiny', 'description: Two steps.', 'domain: test', 'version: 1.0.0', 'difficulty: beginner',
      'persona: { name: Kim, role: Caller }',
      'steps:',
      '  - { id: one, persona_says: "Hello?", goal: Greet, expected_keywords: [hello] }',
      '  - { id: two, persona_says: "Bye?", goal: Close, expected_keywords: [goodbye] }',
    ].join('\n'));
    const answers = join(dir, 'answers.txt');
    writeFileSync(answers, 'Hello there!\n\nGoodbye and thanks.\n');
    const { code, stdout } = chattrain('play', scenarioDir, '--answers', answers, '--json', '--data-dir', dataDir);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ status: 'completed', completionReason: 'all_steps_finished', totalScore: 100, passed: true });
  }, 60_000);

  it('play uses an OpenAI-compatible endpoint with --llm-base-url/--llm-model and the key from the environment', async () => {
    const server = await startFakeOpenAiServer({ defaultTokens: ['Hi', ' there', '!'] });
    try {
      const answers = join(dir, 'llm-answers.txt');
      writeFileSync(answers, `${goodAnswers[0]}\n`);
      const result = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
        const child = spawn('npm', ['run', 'chattrain', '--', 'play', 'insurance.claim_handling.v1', '--answers', answers, '--json', '--data-dir', join(dir, 'llm-data'), '--llm-base-url', server.baseUrl, '--llm-model', 'fake-model'], {
          cwd: root,
          env: { ...process.env, CHATTRAIN_LLM_API_KEY: 'sk-cli-test' },
        });
        let stdout = '';
        child.stdout.on('data', (chunk) => (stdout += chunk));
        child.on('exit', (code) => resolve({ code, stdout }));
      });
      expect(result.code).toBe(0);
      const output = JSON.parse(result.stdout);
      const personas = output.transcript.filter((message: { role: string }) => message.role === 'persona');
      expect(personas[0]).toEqual({ role: 'persona', content: 'Hi there!', engine: 'llm' });
      expect(server.chatRequests.every((request) => request.headers.authorization === 'Bearer sk-cli-test')).toBe(true);
    } finally {
      await server.close();
    }
  }, 60_000);

  it('explains mistakes instead of crashing', () => {
    const missing = chattrain('export', '00000000-0000-4000-8000-000000000000', '--format', 'pdf', '--out', join(dir, 'x.pdf'), '--data-dir', dataDir);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no training session/);
    const badFormat = chattrain('export', 'x', '--format', 'docx', '--out', 'x', '--data-dir', dataDir);
    expect(badFormat.code).toBe(2);
    expect(badFormat.stderr).toMatch(/--format must be one of/);
    expect(chattrain('frobnicate').code).toBe(2);
  });
});
