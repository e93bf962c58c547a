import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createChatTrainCore, type ChatTrainCore } from '../../electron/main/chattrain-core';
import { startFakeOpenAiServer, type FakeOpenAiServer } from './fake-openai-server';

const API_KEY = 'sk-test-DO-NOT-LEAK-4f9c2e7a1b';
const scenarioYaml = `id: llm.test.v1
title: LLM test
description: A short scenario for the LLM integration tests.
domain: testing
version: 1.0.0
difficulty: beginner
documents:
  - file: guide.md
    title: Claim guide
persona:
  name: Dana Miller
  role: Policyholder
  traits: [anxious]
steps:
  - id: greeting
    persona_says: "Hi, I need help with my claim."
    goal: Greet and ask for the policy number
    expected_keywords: [policy, sorry]
    pass_score: 60
    max_attempts: 3
    follow_up: "What do you need from me?"
  - id: details
    persona_says: "It happened last night."
    goal: Ask when it happened
    expected_keywords: [when]
    pass_score: 60
rubric:
  - criterion: empathy
    weight: 0.5
    checks: ["Acknowledges the customer's stress"]
  - criterion: process
    weight: 0.5
    checks: ["Asks for the policy number"]
`;

/** A judge reply answering both rubric checks. */
const judgeJson = (empathy: boolean, process: boolean) =>
  JSON.stringify({
    checks: [
      { criterion: 'empathy', check: "Acknowledges the customer's stress", passed: empathy, reason: 'ok' },
      { criterion: 'process', check: 'Asks for the policy number', passed: process, reason: 'ok' },
    ],
    overall_comment: 'Name the feeling before asking for details.',
  });

let root: string;
let server: FakeOpenAiServer;
let core: ChatTrainCore;
let tokens: { messageId: string; delta: string }[];

beforeAll(async () => {
  server = await startFakeOpenAiServer();
});
afterAll(async () => {
  await server.close();
});

beforeEach(async () => {
  root = mkdtempSync(join(tmpdir(), 'chattrain-llm-'));
  mkdirSync(join(root, 'content', 'llm-test'), { recursive: true });
  writeFileSync(join(root, 'content', 'llm-test', 'scenario.yaml'), scenarioYaml);
  writeFileSync(join(root, 'content', 'llm-test', 'guide.md'), '# Claim guide\n\n## Policy number\n\nAlways ask for the policy number after saying sorry.\n\n## Weather\n\nHail is covered.\n');
  core = await createChatTrainCore({ dataDir: join(root, 'data'), bundledContentDir: join(root, 'content'), mode: 'web', appVersion: 'test' });
  tokens = [];
  core.events.listen((event, payload) => {
    if (event === 'session.token') tokens.push(payload as { messageId: string; delta: string });
  });
  await core.provider.configure({ baseUrl: server.baseUrl, model: 'fake-model', timeoutMs: 1_500 }, true);
  await core.provider.setApiKey(API_KEY);
});
afterEach(async () => {
  await core.close();
  rmSync(root, { recursive: true, force: true });
});

async function startLlmSession() {
  const created = await core.training.create('llm.test.v1');
  expect(created.session.engine).toBe('llm');
  await core.training.start(created.session.id);
  await core.training.persona!.settle();
  return created.session.id;
}

async function answer(sessionId: string, text: string) {
  const { outcome, reply } = await core.training.answerTurn(sessionId, text);
  await reply;
  return { outcome, view: await core.training.view(sessionId) };
}

describe('LLM persona and judge in a session', () => {
  it('streams the persona reply as events and stores it with token counts and timing', async () => {
    server.enqueue({ kind: 'stream', tokens: ['Hi', ',', ' my', ' car', ' is', ' wrecked', '.'], tokenIntervalMs: 5, usage: { prompt_tokens: 120, completion_tokens: 7 } });
    const sessionId = await startLlmSession();
    const view = await core.training.view(sessionId);
    const persona = view.messages.find((message) => message.role === 'persona')!;
    expect(persona).toMatchObject({ content: 'Hi, my car is wrecked.', status: 'complete', engine: 'llm' });
    expect(tokens.filter((token) => token.messageId === persona.id).map((token) => token.delta).join('')).toBe('Hi, my car is wrecked.');
    const row = await core.database.db.selectFrom('messages').selectAll().where('id', '=', persona.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ prompt_tokens: 120, completion_tokens: 7 });
    expect(row.response_ms).toBeGreaterThanOrEqual(0);
    const request = server.chatRequests.at(-1)!;
    expect(request.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(JSON.stringify(request.body.messages)).toContain('Dana Miller');
  });

  it('scores an answer with rules, judge and hybrid, and the hybrid decides', async () => {
    const sessionId = await startLlmSession();
    server.enqueue({ kind: 'json', content: judgeJson(true, true) }, { kind: 'stream', tokens: ['Last', ' night', '.'] });
    const { outcome, view } = await answer(sessionId, "I'm sorry to hear that. What's your policy number?");
    expect(outcome.decision).toEqual({ score: 100, passed: true });
    expect(view.feedback.map((item) => item.type)).toEqual(['rule_based', 'llm_judge', 'hybrid']);
    expect(view.feedback[1]).toMatchObject({ score: 100, evaluatorVersion: expect.stringMatching(/^llm-judge/) });
    expect(view.feedback[1]!.checks).toHaveLength(2);
    // The judge was grounded on the guide, and the answer says which passages were used.
    const trainee = view.messages.find((message) => message.role === 'trainee')!;
    expect(trainee.sources.map((source) => source.heading)).toContain('Claim guide > Policy number');
    expect(JSON.stringify(server.chatRequests.at(-2)!.body.messages)).toContain('Always ask for the policy number');
    expect(view.session.currentStepIndex).toBe(1);
  });

  it('falls back to the rules with a notice when the judge answers malformed JSON twice', async () => {
    const sessionId = await startLlmSession();
    const before = server.chatRequests.length;
    server.enqueue({ kind: 'json', content: 'not json at all' }, { kind: 'json', content: '{"checks": "nope"}' });
    const { outcome, view } = await answer(sessionId, "Sorry! What's your policy number?");
    expect(server.chatRequests.length - before).toBeGreaterThanOrEqual(2);
    expect(outcome.decision).toEqual({ score: 100, passed: true });
    const rows = await core.database.db.selectFrom('feedback').select(['type', 'details_json']).where('session_id', '=', sessionId).execute();
    expect(rows.map((row) => row.type)).toEqual(['rule_based']);
    expect(JSON.parse(rows[0]!.details_json).notice).toMatch(/scored by the keyword rules/);
    expect(view.feedback[0]!.notice).toMatch(/scored by the keyword rules/);
    expect(view.messages.filter((message) => message.role === 'trainee')).toHaveLength(1);
  });

  for (const [name, behaviour, expected] of [
    ['a 500 error', { kind: 'status', status: 500 }, /server|500/i],
    ['a 429 with Retry-After', { kind: 'status', status: 429, retryAfter: '7' }, /rate|limit/i],
    ['a timeout', { kind: 'hang' }, /time/i],
    ['a stream that ends without [DONE] or finish reason', { kind: 'stream', tokens: ['Par', 'tial'], finishReason: null, omitDone: true }, /ended|incomplete|unexpected/i],
    ['finish_reason length', { kind: 'stream', tokens: ['Cut', ' off'], finishReason: 'length' }, /cut|length|limit|truncat/i],
    ['an error object mid-stream', { kind: 'stream', tokens: ['Hel', 'lo', ' there'], errorAfter: 1 }, /error/i],
  ] as const) {
    it(`keeps the session usable after ${name}`, async () => {
      server.enqueue(behaviour as never);
      const created = await core.training.create('llm.test.v1');
      await core.training.start(created.session.id);
      await core.training.persona!.settle();
      const view = await core.training.view(created.session.id);
      const persona = view.messages.find((message) => message.role === 'persona')!;
      expect(persona.status).toBe('failed');
      const notice = view.messages.find((message) => message.role === 'system')!;
      expect(notice.content).toMatch(expected);
      expect(notice.content).not.toContain(API_KEY);
      expect(view.session.status).toBe('in_progress');
      // The trainee can keep going: the answer is stored and evaluated (judge answers normally).
      server.enqueue({ kind: 'json', content: judgeJson(true, true) });
      const after = await answer(created.session.id, 'Sorry, your policy number please?');
      expect(after.view.messages.some((message) => message.role === 'trainee' && message.content.startsWith('Sorry'))).toBe(true);
    });
  }

  it('keeps the session usable when the model server refuses the connection', async () => {
    const dead = await startFakeOpenAiServer();
    const deadUrl = dead.baseUrl;
    await dead.close();
    await core.provider.configure({ baseUrl: deadUrl, model: 'fake-model', timeoutMs: 1_500 }, true);
    const created = await core.training.create('llm.test.v1');
    await core.training.start(created.session.id);
    await core.training.persona!.settle();
    const view = await core.training.view(created.session.id);
    expect(view.messages.find((message) => message.role === 'system')?.content).toMatch(/refused|reach|connect/i);
    const after = await answer(created.session.id, "Sorry! What's your policy number?");
    expect(after.outcome.decision).toEqual({ score: 100, passed: true });
    expect(after.view.feedback.map((item) => item.type)).toEqual(['rule_based']);
  });

  it('replaces the deterministic summary with a validated LLM summary at the end, or keeps it if the model fails', async () => {
    const summary = { strengths: ['You acknowledged her stress.'], gaps: ['Ask for the date earlier.'], key_learnings: ['Empathy first.'], action_items: ['Practise the opening.'] };
    const play = async (summaryReply: string) => {
      const sessionId = await startLlmSession();
      server.enqueue({ kind: 'json', content: judgeJson(true, true) }, { kind: 'stream', tokens: ['When', '?'] });
      await answer(sessionId, "I'm sorry to hear that. What's your policy number?");
      server.enqueue({ kind: 'json', content: judgeJson(true, true) }, { kind: 'json', content: summaryReply }, { kind: 'json', content: summaryReply });
      const { outcome, view } = await answer(sessionId, 'When did it happen?');
      expect(outcome.status).toBe('completed');
      return { sessionId, view };
    };
    const good = await play(JSON.stringify(summary));
    expect(good.view.summary).toMatchObject({ kind: 'complete', generatedBy: 'llm', strengths: summary.strengths, actionItems: summary.action_items });

    const bad = await play('this is not a summary');
    expect(bad.view.summary).toMatchObject({ kind: 'complete', generatedBy: 'deterministic' });
    expect(bad.view.summary!.strengths.length).toBeGreaterThan(0);
  });

  it('continues on the offline persona after repeated failures, and says so', async () => {
    server.enqueue({ kind: 'status', status: 503 }, { kind: 'status', status: 503 });
    const created = await core.training.create('llm.test.v1');
    await core.training.start(created.session.id);
    await core.training.persona!.settle();
    await expect(core.training.retry(created.session.id)).resolves.toBeTruthy();
    await core.training.persona!.settle();
    const view = await core.training.view(created.session.id);
    expect(view.session.engine).toBe('offline');
    expect(view.messages.some((message) => message.role === 'system' && /continues with the offline persona/.test(message.content))).toBe(true);
    expect(view.messages.at(-1)).toMatchObject({ role: 'persona', engine: 'offline', content: 'Hi, I need help with my claim.' });
    const offlineTurn = await answer(created.session.id, 'Hello');
    expect(offlineTurn.view.messages.at(-1)).toMatchObject({ role: 'persona', engine: 'offline', content: 'What do you need from me?' });
  });

  it('stops a streaming reply within 100 ms, keeps the partial text, and retries it', async () => {
    server.enqueue({ kind: 'stream', tokens: Array.from({ length: 200 }, (_, i) => ` w${i}`), tokenIntervalMs: 20 });
    const created = await core.training.create('llm.test.v1');
    await core.training.start(created.session.id);
    await new Promise((resolve) => setTimeout(resolve, 150));
    const started = performance.now();
    const stopped = await core.training.stop(created.session.id);
    expect(performance.now() - started).toBeLessThan(100);
    const persona = stopped.messages.find((message) => message.role === 'persona')!;
    expect(persona.status).toBe('stopped');
    expect(persona.content.length).toBeGreaterThan(0);
    // After a stop the trainee can answer at once.
    await expect(core.training.answer(created.session.id, 'x')).resolves.toBeTruthy();
    await core.training.persona!.settle();

    const again = await core.training.create('llm.test.v1');
    server.enqueue({ kind: 'stream', tokens: Array.from({ length: 100 }, () => ' x'), tokenIntervalMs: 20 });
    await core.training.start(again.session.id);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await core.training.stop(again.session.id);
    server.enqueue({ kind: 'stream', tokens: ['Fresh', ' reply'] });
    await core.training.retry(again.session.id);
    await core.training.persona!.settle();
    const retried = await core.training.view(again.session.id);
    expect(retried.messages.find((message) => message.role === 'persona')).toMatchObject({ status: 'complete', content: 'Fresh reply' });
  });

  it('shows the text streamed so far to a page that reloads mid-reply', async () => {
    server.enqueue({ kind: 'stream', tokens: Array.from({ length: 60 }, (_, i) => ` w${i}`), tokenIntervalMs: 15 });
    const created = await core.training.create('llm.test.v1');
    await core.training.start(created.session.id);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const midway = await core.training.view(created.session.id);
    const persona = midway.messages.find((message) => message.role === 'persona')!;
    expect(persona.status).toBe('streaming');
    expect(persona.content).toMatch(/^ w0 w1/);
    await core.training.stop(created.session.id);
  });

  it('switches the AI persona off and on without re-entering the provider', async () => {
    expect((await core.provider.setEnabled(false)).enabled).toBe(false);
    const offline = await core.training.create('llm.test.v1');
    expect(offline.session.engine).toBe('offline');
    expect((await core.provider.setEnabled(true)).enabled).toBe(true);
    // A session created while off, begun after switching on, gets the AI persona.
    const begun = await core.training.start(offline.session.id);
    expect(begun.session.engine).toBe('llm');
    await core.training.persona!.settle();
  });

  it('refuses an answer while the persona is still replying', async () => {
    server.enqueue({ kind: 'stream', tokens: Array.from({ length: 50 }, () => ' x'), tokenIntervalMs: 20 });
    const created = await core.training.create('llm.test.v1');
    await core.training.start(created.session.id);
    await expect(core.training.answer(created.session.id, 'Hello')).rejects.toMatchObject({ code: 'SESSION_STATE' });
    await core.training.stop(created.session.id);
  });

  it('never puts the API key in the renderer, the database file, exports or logs', async () => {
    const logs: string[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void logs.push(args.map(String).join(' '));
    try {
      server.enqueue({ kind: 'status', status: 401 });
      const created = await core.training.create('llm.test.v1');
      await core.training.start(created.session.id);
      await core.training.persona!.settle();
      const status = await core.handlers['llm.status'](undefined);
      expect(status.keySet).toBe(true);
      expect(JSON.stringify(status)).not.toContain(API_KEY);
      const view = await core.handlers['sessions.get']({ sessionId: created.session.id });
      expect(JSON.stringify(view)).not.toContain(API_KEY);
      for (const format of ['json', 'md', 'html', 'pdf'] as const) {
        const report = await core.training.renderReport(created.session.id, format);
        expect(report.bytes.toString('latin1')).not.toContain(API_KEY);
      }
      core.database.sqlite.pragma('wal_checkpoint(TRUNCATE)');
      const databaseBytes = readFileSync(core.database.path).toString('latin1');
      expect(databaseBytes).not.toContain(API_KEY);
      expect(databaseBytes).toContain('llm.test.v1');
      expect(logs.join('\n')).not.toContain(API_KEY);
    } finally {
      console.error = original;
    }
  });
});
