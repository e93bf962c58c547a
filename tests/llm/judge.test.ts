import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateTurn, hybridScore, HYBRID_VERSION, judgeAnswer, LLM_JUDGE_VERSION, summarizeSession } from '../../electron/main/llm/judge';
import { createLlmClient, type LlmClient } from '../../electron/main/llm/llm-client';
import { parseProviderConfig, type ProviderConfig } from '../../shared/llm/provider-config';
import { RULE_EVALUATOR_VERSION } from '../../electron/main/training/evaluation/rule-evaluator';
import { closedPort, startFakeOpenAiServer, type FakeOpenAiServer } from './fake-openai-server';
import { claimScenario } from './scenario-fixture';

const scenario = claimScenario();
const step = scenario.steps[0]!;
const history = [{ role: 'persona' as const, content: step.persona_says }];
// Rule score: covers "sorry" but not "policy" → 50.
const answer = "I'm so sorry to hear about your car. Let's get this sorted.";

const verdict = (passed: [boolean, boolean, boolean]) =>
  JSON.stringify({
    checks: [
      { criterion: 'empathy', check: "Acknowledges the customer's stress", passed: passed[0], reason: 'You said sorry.' },
      { criterion: 'empathy', check: 'Avoids blaming language', passed: passed[1], reason: 'No blame.' },
      { criterion: 'process', check: 'Asks for the policy number', passed: passed[2], reason: 'You did not ask for it.' },
    ],
    overall_comment: 'Ask for the policy number next.',
  });

let server: FakeOpenAiServer;
let config: ProviderConfig;
let client: LlmClient;

beforeAll(async () => {
  server = await startFakeOpenAiServer();
  config = parseProviderConfig({ baseUrl: server.baseUrl, model: 'fake-model', hybridRuleWeight: 0.5 });
  client = createLlmClient(config, 'sk-judge-test-key-0000000000');
});

afterAll(async () => {
  await client.dispose();
  await server.close();
});

describe('hybridScore', () => {
  it('is w·rule + (1−w)·judge, rounded and clamped', () => {
    expect(hybridScore(50, 30, 0.5)).toBe(40);
    expect(hybridScore(50, 30, 1)).toBe(50);
    expect(hybridScore(50, 30, 0)).toBe(30);
    expect(hybridScore(100, 0, 0.25)).toBe(25);
    expect(hybridScore(80, 90, 7)).toBe(80);
  });
});

describe('judgeAnswer', () => {
  it('scores validated checks with the rubric weights', async () => {
    server.enqueue({ kind: 'json', content: verdict([true, true, false]) });
    const outcome = await judgeAnswer(client, { scenario, step, answer, history });
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.verdict).toMatchObject({ score: 30, attempts: 1, evaluatorVersion: LLM_JUDGE_VERSION });
    expect(outcome.verdict.result.overall_comment).toBe('Ask for the policy number next.');
    expect(server.chatRequests.at(-1)!.body).toMatchObject({ temperature: 0, response_format: { type: 'json_object' } });
  });

  it('retries once when a rubric check is missing from the answer', async () => {
    const incomplete = JSON.stringify({ checks: [{ criterion: 'empathy', check: "Acknowledges the customer's stress", passed: true, reason: '' }], overall_comment: '' });
    server.enqueue({ kind: 'json', content: incomplete }, { kind: 'json', content: verdict([true, true, true]) });
    const before = server.chatRequests.length;
    const outcome = await judgeAnswer(client, { scenario, step, answer, history });
    expect(outcome).toMatchObject({ ok: true, verdict: { score: 100, attempts: 2 } });
    expect(server.chatRequests.length - before).toBe(2);
    expect(server.chatRequests.at(-1)!.body.messages.at(-1).content).toMatch(/no answer for 2 check/);
  });
});

describe('evaluateTurn', () => {
  it('combines rules and judge into the hybrid score', async () => {
    server.enqueue({ kind: 'json', content: verdict([true, true, false]) });
    const result = await evaluateTurn(client, config, { scenario, step, answer, history });
    expect(result.rule).toMatchObject({ score: 50, evaluatorVersion: RULE_EVALUATOR_VERSION });
    expect(result.final).toEqual({ type: 'hybrid', score: 40, passed: false, evaluatorVersion: HYBRID_VERSION });
    expect(result.fallbackNotice).toBeUndefined();
  });

  it('malformed judge JSON twice → rule-based scoring after exactly 2 requests', async () => {
    server.enqueue({ kind: 'json', content: '{"checks": [' }, { kind: 'json', content: 'I think the answer is good.' });
    const before = server.chatRequests.length;
    const result = await evaluateTurn(client, config, { scenario, step, answer, history });
    expect(server.chatRequests.length - before).toBe(2);
    expect(result.judge).toMatchObject({ ok: false, error: { kind: 'invalid_output' } });
    expect(result.final).toEqual({ type: 'rule_based', score: 50, passed: false, evaluatorVersion: RULE_EVALUATOR_VERSION });
    expect(result.fallbackNotice).toMatch(/scored by the keyword rules/);
  });

  it('malformed once, then valid → the judge counts', async () => {
    server.enqueue({ kind: 'json', content: '```json\n{"checks": "nope"}\n```' }, { kind: 'json', content: verdict([true, true, true]) });
    const result = await evaluateTurn(client, config, { scenario, step, answer, history });
    expect(result.final).toMatchObject({ type: 'hybrid', score: 75, passed: true });
  });

  it.each([
    ['429', { kind: 'status' as const, status: 429, retryAfter: '3' }, 'rate_limited'],
    ['500', { kind: 'status' as const, status: 500 }, 'server_error'],
  ])('a %s from the judge falls back to the rule score', async (_label, behaviour, kind) => {
    server.enqueue(behaviour);
    const result = await evaluateTurn(client, config, { scenario, step, answer, history });
    expect(result.judge).toMatchObject({ ok: false, error: { kind } });
    expect(result.final.type).toBe('rule_based');
    expect(result.final.score).toBe(50);
  });

  it('falls back when the server is unreachable', async () => {
    const port = await closedPort();
    const offline = createLlmClient(parseProviderConfig({ baseUrl: `http://127.0.0.1:${port}/v1`, model: 'm' }), null);
    const result = await evaluateTurn(offline, config, { scenario, step, answer, history });
    expect(result.judge).toMatchObject({ ok: false, error: { kind: 'connection_refused' } });
    expect(result.final.type).toBe('rule_based');
    expect(result.fallbackNotice).toMatch(/refused the connection/);
  });

  it('asks nothing when the judge is disabled, there is no client, or the answer is empty', async () => {
    const before = server.chatRequests.length;
    expect((await evaluateTurn(client, { ...config, judgeEnabled: false }, { scenario, step, answer, history })).judge).toBeNull();
    expect((await evaluateTurn(null, config, { scenario, step, answer, history })).final.type).toBe('rule_based');
    expect((await evaluateTurn(client, config, { scenario, step, answer: '   ', history })).final).toMatchObject({ score: 0, passed: false });
    expect(server.chatRequests.length).toBe(before);
  });
});

describe('summarizeSession', () => {
  const input = { scenario, history: [...history, { role: 'trainee' as const, content: answer }] };

  it('returns the validated summary in the stored shape', async () => {
    server.enqueue({
      kind: 'json',
      content: JSON.stringify({ strengths: ['You apologised.'], gaps: ['No policy number.'], key_learnings: ['Ask early.'], action_items: ['Ask for the policy number first.'] }),
    });
    const outcome = await summarizeSession(client, input);
    expect(outcome).toMatchObject({
      ok: true,
      summary: { strengths: ['You apologised.'], gaps: ['No policy number.'], keyLearnings: ['Ask early.'], actionItems: ['Ask for the policy number first.'] },
      stats: { attempts: 1 },
    });
  });

  it('invalid twice → not ok, so the caller uses the deterministic summary', async () => {
    server.enqueue({ kind: 'json', content: '{"strengths": []}' }, { kind: 'json', content: 'Great job!' });
    const before = server.chatRequests.length;
    const outcome = await summarizeSession(client, input);
    expect(outcome).toMatchObject({ ok: false, error: { kind: 'invalid_output' } });
    expect(server.chatRequests.length - before).toBe(2);
  });
});
