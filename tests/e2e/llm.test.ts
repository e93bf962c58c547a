import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../llm/fake-openai-server';
import { artifactsDir, startE2eApp, type E2eApp, messageCount } from './harness';

/**
 * The AI persona end to end, in Chromium against browser mode and a fake OpenAI-compatible
 * server: configured through Settings, replies streamed token by token, Stop and Retry, the
 * AI judge's checks in the feedback card, a failing server, and the fall-back to the
 * offline persona after two failures in a row.
 */

const API_KEY = 'sk-e2e-NEVER-IN-THE-PAGE-5c1d9e77b2';
const SCENARIO = 'insurance.claim_handling.v1';

/** "Hi, um, I think…" → ["Hi,", " um,", " I", " think…"]: how a model streams a line. */
const words = (text: string) => text.split(/(?= )/);

const openingLine =
  "Hi, um, I think I need to make a claim? My car got completely hammered in that hailstorm and I've never done this before. I don't even know where to start.";
const verifyLine = "Okay, it's N-W-M, 4471, 2290. Can we please hurry this up? I just need to know if I'm covered.";

/** Answers that cover each step's expected keywords (see tests/e2e/training.test.ts). */
const goodAnswers = [
  "I'm so sorry to hear that, it sounds really stressful. I'm here to help and I'll walk you through every step. Could I have your policy number?",
  'Thank you. To verify your identity and protect your account, could you tell me your full name, your date of birth and the address on the policy?',
  "Thank you for confirming, you're verified. What date did this happen, and at about what time? What was the location of the car, and can you tell me what happened in your own words?",
];

/**
 * The scenario's rubric (content/insurance.claim_handling.v1/scenario.yaml): the judge must
 * answer every check, or its answer is refused (judgeSchemaFor).
 */
const rubric: { criterion: string; weight: number; checks: [string, boolean][] }[] = [
  {
    criterion: 'empathy',
    weight: 0.3,
    checks: [
      ["Acknowledges Dana's stress or frustration before moving on to questions", true],
      ["Avoids blaming or dismissive language such as 'calm down' or 'you should have parked inside'", true],
      ['Stays patient and respectful when Dana pushes back on the deductible or the inspection', true],
    ],
  },
  {
    criterion: 'accuracy',
    weight: 0.3,
    checks: [
      ['States that hail damage falls under comprehensive coverage, not collision', true],
      ['Explains the $500 deductible correctly in plain words', true],
      ['Describes rental reimbursement within the policy limits ($40 per day, up to 30 days)', true],
      ['Makes no promises about payment amounts or premiums that the handler cannot control', true],
    ],
  },
  {
    criterion: 'process',
    weight: 0.25,
    checks: [
      ['Verifies identity with at least two identifiers before discussing coverage', false],
      ['Captures all five FNOL details: policy number, date and time, location, description, damage and injuries', false],
      ['Asks whether anyone was hurt and whether the car is safe to drive', true],
      ['Gives a claim number and states that an adjuster will make contact within one business day', false],
    ],
  },
  {
    criterion: 'clarity',
    weight: 0.15,
    checks: [
      ['Uses plain language and explains insurance terms such as deductible', true],
      ['Gives Dana clear actions: take photos, keep receipts, no permanent repairs before the inspection', false],
      ['Checks understanding or asks whether Dana has other questions', true],
    ],
  },
];
const judgeComment = 'Good empathy and a clear promise to guide her. Next, verify her identity before anything else.';
const judgeJson = JSON.stringify({
  checks: rubric.flatMap((criterion) =>
    criterion.checks.map(([check, passed]) => ({
      criterion: criterion.criterion,
      check,
      passed,
      reason: passed ? 'You did this, or it does not apply yet.' : 'Not yet at this point of the call.',
    })),
  ),
  overall_comment: judgeComment,
});
/** scoreFromJudge: per criterion the share of checks passed, weighted. */
const judgeScore = Math.round(
  100 * rubric.reduce((sum, criterion) => sum + criterion.weight * (criterion.checks.filter(([, passed]) => passed).length / criterion.checks.length), 0),
);
const checkCount = rubric.reduce((sum, criterion) => sum + criterion.checks.length, 0);
const passedCount = rubric.reduce((sum, criterion) => sum + criterion.checks.filter(([, passed]) => passed).length, 0);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function shot(target: Locator, name: string): Promise<void> {
  await target.screenshot({ path: join(artifactsDir, `${name}.png`) });
}

/** The newest persona message in the transcript. */
const lastPersona = (page: Page) => page.locator('[data-testid="message"][data-role="persona"]').last();

/** Sends an answer and waits until it is evaluated and no reply is streaming any more. */
async function answer(page: Page, text: string): Promise<void> {
  const before = await messageCount(page);
  const input = page.getByTestId('answer-input');
  await input.fill(text);
  await input.press('Enter');
  await page.waitForFunction(
    (count) => {
      const list = document.querySelector('[role="list"][data-count]');
      const input = document.querySelector<HTMLTextAreaElement>('[data-testid="answer-input"]');
      return (
        Number(list?.getAttribute('data-count')) >= count + 2 &&
        document.querySelector('[data-testid="message"][data-status="streaming"]') === null &&
        input !== null &&
        !input.disabled
      );
    },
    before,
    { timeout: 15_000 },
  );
}

describe('AI persona (browser mode, fake model server)', () => {
  let server: FakeOpenAiServer;
  let app: E2eApp;
  let page: Page;
  /** Every body main sent back to /api/invoke: the key must be in none of them. */
  const invokeBodies: string[] = [];
  const pendingBodies: Promise<unknown>[] = [];
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    server = await startFakeOpenAiServer();
    app = await startE2eApp();
    page = app.page;
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('response', (response) => {
      if (new URL(response.url()).pathname !== '/api/invoke') return;
      pendingBodies.push(
        response
          .text()
          .then((body) => invokeBodies.push(body))
          .catch(() => undefined),
      );
    });
  });

  afterAll(async () => {
    await app?.close();
    await server?.close();
  });

  /** A full-page shot from the top (scrolled, the sticky header would be drawn mid-page). */
  async function pageShot(name: string): Promise<void> {
    await page.evaluate(() => window.scrollTo({ top: 0 }));
    await app.screenshot(name);
  }

  async function expectKeyNowhere(): Promise<void> {
    await Promise.all(pendingBodies);
    expect(invokeBodies.length).toBeGreaterThan(0);
    for (const body of invokeBodies) expect(body).not.toContain(API_KEY);
    expect(await page.content()).not.toContain(API_KEY);
    expect(await page.evaluate(() => JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage } }))).not.toContain(API_KEY);
  }

  it('Settings is reachable from the header and starts with the offline persona and no key', async () => {
    await page.getByTestId('open-settings').click();
    await page.getByTestId('llm-settings').waitFor();
    expect(await page.evaluate(() => location.hash)).toBe('#/settings');
    expect(await page.getByTestId('open-settings').getAttribute('aria-current')).toBe('page');
    expect(await page.getByTestId('llm-state').innerText()).toBe('Off');
    expect(await page.getByTestId('key-status').innerText()).toBe('No key stored');
    // Browser mode keeps the key in a file, and says so plainly.
    const storage = page.getByTestId('key-storage');
    expect(await storage.getAttribute('data-kind')).toBe('file-fallback');
    expect(await storage.innerText()).toContain('File fallback');
    expect(await page.getByTestId('offline-note').innerText()).toContain('offline persona');
    await pageShot('llm-settings-empty');
  });

  it('presets fill the base URL and model and say whether a key is needed', async () => {
    await page.getByTestId('llm-preset').selectOption('ollama');
    expect(await page.getByTestId('llm-baseUrl').inputValue()).toBe('http://localhost:11434/v1');
    expect(await page.getByTestId('llm-model').inputValue()).toBe('llama3.2');
    expect(await page.getByTestId('preset-note').innerText()).toContain('ollama pull');
    expect(await page.getByTestId('preset-key-need').innerText()).toBe('No API key needed');

    await page.getByTestId('llm-preset').selectOption('openai');
    expect(await page.getByTestId('llm-baseUrl').inputValue()).toBe('https://api.openai.com/v1');
    expect(await page.getByTestId('preset-key-need').innerText()).toBe('Needs an API key');
    expect(await page.getByTestId('key-needed').innerText()).toContain('OpenAI needs an API key');
  });

  it('bad settings are explained next to their fields, and nothing is saved', async () => {
    await page.getByTestId('llm-baseUrl').fill('localhost:11434/v1');
    await page.getByTestId('llm-temperature').fill('3');
    await page.getByTestId('llm-timeoutSeconds').fill('');
    await page.getByTestId('llm-save').click();
    expect(await page.getByTestId('llm-baseUrl-error').innerText()).toBe('The base URL must start with http:// or https://.');
    expect(await page.getByTestId('llm-temperature-error').innerText()).toContain('Temperature must be a number from 0 to 2');
    expect(await page.getByTestId('llm-timeoutSeconds-error').innerText()).toContain('seconds from 0.1 to 600');
    expect(await page.getByTestId('llm-errors').innerText()).toContain('3 settings need fixing');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('llm-baseUrl');
    expect((await app.core.provider.status()).config).toBeNull();
    await pageShot('llm-settings-invalid');
  });

  it('saves the provider, stores a key it never shows, and the connection test succeeds', async () => {
    await page.getByTestId('llm-preset').selectOption('custom');
    await page.getByTestId('llm-baseUrl').fill(server.baseUrl);
    await page.getByTestId('llm-model').fill('fake-model');
    await page.getByTestId('llm-temperature').fill('0.5');
    await page.getByTestId('llm-timeoutSeconds').fill('5');
    await page.getByTestId('llm-enabled').check();
    await page.getByTestId('llm-save').click();
    await page.getByTestId('llm-save-status').getByText('Saved. New practice sessions use the AI persona.').waitFor();
    expect(await page.getByTestId('llm-state').innerText()).toBe('On');
    expect(await page.getByTestId('llm-errors').count()).toBe(0);
    const saved = await app.core.provider.status();
    expect(saved).toMatchObject({ enabled: true, config: { baseUrl: server.baseUrl, model: 'fake-model', temperature: 0.5, timeoutMs: 5_000, judgeEnabled: true, hybridRuleWeight: 0.5 } });

    // The key goes to main and is never shown again: the field empties, only "A key is stored" remains.
    await page.getByTestId('llm-api-key').fill(API_KEY);
    await page.getByTestId('save-key').click();
    await page.getByTestId('key-status').getByText('A key is stored').waitFor();
    expect(await page.getByTestId('llm-api-key').inputValue()).toBe('');
    expect((await app.core.provider.status()).keySet).toBe(true);

    // The test runs with the form's values and the stored key; its progress shows while it runs.
    await page.route('**/api/invoke', async (route) => {
      if ((route.request().postDataJSON() as { channel?: string }).channel === 'llm.testConnection') await sleep(700);
      await route.continue();
    });
    await page.getByTestId('test-connection').click();
    await page.getByTestId('test-running').waitFor();
    expect(await page.getByTestId('test-connection').innerText()).toContain('Testing…');
    await shot(page.getByTestId('connection-test'), 'llm-settings-testing');
    const result = page.getByTestId('test-result');
    await result.waitFor();
    await page.unroute('**/api/invoke');
    expect(await result.getAttribute('data-ok')).toBe('true');
    expect(await page.getByTestId('test-model').innerText()).toBe('fake-model');
    expect(await page.getByTestId('test-latency').innerText()).toMatch(/^\d[\d,]* ms$/);
    expect(server.requests.at(-1)!.headers.authorization).toBe(`Bearer ${API_KEY}`);
    await pageShot('llm-settings-connected');
    await expectKeyNowhere();
  });

  it('a failed connection test shows the exact failure message', async () => {
    server.enqueue({ kind: 'status', status: 401 });
    const bodiesBefore = invokeBodies.length;
    await page.getByTestId('test-connection').click();
    await page.locator('[data-testid="test-result"][data-ok="false"]').waitFor();
    const shown = await page.getByTestId('test-error-message').innerText();
    await Promise.all(pendingBodies);
    const answer = invokeBodies
      .slice(bodiesBefore)
      .map((body) => JSON.parse(body) as { ok: boolean; value?: { ok: boolean; error?: { message: string } } })
      .find((body) => body.value?.ok === false);
    expect(answer?.value?.error?.message).toBeTruthy();
    expect(shown).toBe(answer!.value!.error!.message);
    expect(shown).toContain('HTTP 401');
    await shot(page.getByTestId('connection-test'), 'llm-settings-test-failed');
    await expectKeyNowhere();
  });

  it('a session created now runs on the AI persona', async () => {
    await page.getByRole('button', { name: /back to the scenario library/i }).click();
    await page.locator(`[data-testid="open-scenario"][data-scenario-id="${SCENARIO}"]`).click();
    await page.getByTestId('start-practice').click();
    await page.getByTestId('start-page').waitFor();
    expect(await page.getByTestId('engine-badge').innerText()).toBe('AI persona');
    expect(await page.getByTestId('start-ai-note').innerText()).toContain('Stop');
    expect(await page.getByTestId('start-pass-score').innerText()).toBe('70');
    expect(await page.getByTestId('persona').innerText()).toContain('Maple Falls');
    await app.screenshot('llm-start');
  });

  it('streams the reply in token by token; Stop freezes it at once and keeps the text', async () => {
    server.enqueue({ kind: 'stream', tokens: words(openingLine), tokenIntervalMs: 140 });
    await page.getByTestId('begin-session').click();
    await page.getByTestId('chat-screen').waitFor();
    expect(await page.getByTestId('engine-badge').innerText()).toBe('AI persona');

    const persona = lastPersona(page);
    const text = persona.getByTestId('message-text');
    await page.waitForFunction(() => {
      const bubble = document.querySelector('[data-testid="message"][data-status="streaming"] [data-testid="message-text"]');
      return (bubble?.textContent ?? '').length >= 25;
    });
    const partial = await text.innerText();
    expect(openingLine.startsWith(partial.trim())).toBe(true);
    expect(partial.length).toBeLessThan(openingLine.length);
    expect(await persona.getByTestId('typing-caret').count()).toBe(1);
    expect(await page.getByTestId('answer-input').isDisabled()).toBe(true);
    expect(await page.getByTestId('persona-replying').innerText()).toBe('The persona is replying…');
    expect(await page.getByTestId('send-answer').count()).toBe(0);
    await app.screenshot('llm-streaming');

    // It grows while streaming…
    await page.waitForFunction((length) => {
      const bubble = document.querySelector('[data-testid="message"][data-status="streaming"] [data-testid="message-text"]');
      return (bubble?.textContent ?? '').length > length;
    }, partial.length);

    // …and Stop freezes it on the spot: no caret, no more words, even before main answers.
    await page.getByTestId('stop-reply').click();
    const atStop = await text.innerText();
    expect(await persona.getByTestId('typing-caret').count()).toBe(0);
    await page.locator('[data-testid="message"][data-role="persona"][data-status="stopped"]').waitFor();
    await sleep(600);
    const stopped = await text.innerText();
    expect(stopped.length).toBeGreaterThan(0);
    expect(stopped.startsWith(atStop.trim())).toBe(true);
    expect(stopped.length).toBeLessThan(openingLine.length);
    expect(openingLine.startsWith(stopped.trim())).toBe(true);
    expect(await persona.getByTestId('message-status').innerText()).toBe('Stopped');
    expect(await persona.getByTestId('retry-reply').isVisible()).toBe(true);
    expect(await page.getByTestId('answer-input').isDisabled()).toBe(false);
    expect(await page.getByTestId('stop-reply').count()).toBe(0);
    // Nothing more arrives after the stop.
    await sleep(500);
    expect(await text.innerText()).toBe(stopped);
    await app.screenshot('llm-stopped');
  });

  it('Retry reply asks again and the whole new reply arrives', async () => {
    server.enqueue({ kind: 'stream', tokens: words(openingLine), tokenIntervalMs: 15 });
    await lastPersona(page).getByTestId('retry-reply').click();
    const persona = page.locator('[data-testid="message"][data-role="persona"][data-status="complete"]').last();
    await persona.waitFor();
    expect(await persona.getByTestId('message-text').innerText()).toBe(openingLine);
    expect(await page.getByTestId('retry-reply').count()).toBe(0);
    expect(await page.getByTestId('message').count()).toBe(1);
    await app.screenshot('llm-retried');
  });

  it('the AI judge’s checks and comment show in the feedback card, beside the keyword chips', async () => {
    server.enqueue({ kind: 'json', content: judgeJson }, { kind: 'stream', tokens: words(verifyLine), tokenIntervalMs: 10 });
    await answer(page, goodAnswers[0]!);
    expect(await lastPersona(page).getByTestId('message-text').innerText()).toBe(verifyLine);

    const card = page.getByTestId('feedback-card').last();
    expect(await card.getAttribute('data-type')).toBe('hybrid');
    expect(await card.getByTestId('feedback-type').textContent()).toBe('Combined score');
    const breakdown = await card.getByTestId('feedback-breakdown').innerText();
    const ruleScore = Number(/Keyword check (\d+)/.exec(breakdown)?.[1]);
    expect(breakdown).toContain(`AI judge ${judgeScore}`);
    const combined = Math.round(0.5 * ruleScore + 0.5 * judgeScore);
    expect(await card.getByTestId('feedback-score').innerText()).toContain(String(combined));
    expect(await card.getByTestId('feedback-verdict').innerText()).toBe(combined >= 60 ? 'Passed' : 'Not passed');
    expect(await card.getByTestId('feedback-found').innerText()).toContain('policy number');

    const details = card.getByTestId('judge-details');
    expect(await details.getAttribute('open')).toBeNull();
    await details.locator('summary').click();
    expect(await card.getByTestId('judge-tally').innerText()).toBe(`${passedCount} of ${checkCount}`);
    expect(await card.locator('[data-testid="judge-check"]').count()).toBe(checkCount);
    expect(await card.locator('[data-testid="judge-check"][data-passed="false"]').count()).toBe(checkCount - passedCount);
    expect(await card.locator('[data-testid="judge-check"][data-passed="false"]').first().innerText()).toContain('Verifies identity');
    expect(await card.getByTestId('judge-comment').innerText()).toContain(judgeComment);
    expect(await page.getByTestId('step-counter').innerText()).toBe('Step 2 of 7');
    // The judge was grounded on the scenario's documents; the answer lists them and opens them.
    const sources = page.locator('[data-testid="message"][data-role="trainee"]').last().getByTestId('sources-used');
    const links = sources.locator('button');
    expect(await links.count()).toBeGreaterThan(0);
    expect(await sources.innerText()).toMatch(/Claim Handling Guide|FNOL Checklist/);
    await sources.scrollIntoViewIfNeeded();
    await shot(page.locator('[data-testid="message"][data-role="trainee"]').last(), 'llm-sources-used');
    const title = (await links.first().innerText()).split(' › ')[0]!;
    await links.first().click();
    await page.waitForFunction((expected) => document.querySelector('[data-testid="document-viewer"]')?.textContent?.includes(expected), title);
    // The open card is taller than the chat: photograph it in a tall window.
    await page.setViewportSize({ width: 1280, height: 1900 });
    await card.scrollIntoViewIfNeeded();
    await shot(card, 'llm-feedback-judge');
    await page.setViewportSize({ width: 1280, height: 860 });
    // The persona's next line is right below the card.
    await page.getByTestId('transcript').evaluate((element) => element.scrollTo({ top: element.scrollHeight }));
    await sleep(200);
    expect(await lastPersona(page).isVisible()).toBe(true);
    await app.screenshot('llm-feedback-judge-page');
  });

  it('a judge that answers nonsense falls back to the keyword check; a 500 fails the reply with Retry', async () => {
    server.enqueue({ kind: 'json', content: 'not json at all' }, { kind: 'json', content: '{"checks": "nope"}' }, { kind: 'status', status: 500 });
    await answer(page, goodAnswers[1]!);

    const card = page.getByTestId('feedback-card').last();
    expect(await card.getAttribute('data-type')).toBe('rule_based');
    expect(await card.getByTestId('feedback-type').textContent()).toBe('Keyword check');
    expect(await card.getByTestId('feedback-notice').innerText()).toContain('scored by the keyword rules');
    expect(await card.getByTestId('judge-details').count()).toBe(0);

    const persona = lastPersona(page);
    expect(await persona.getAttribute('data-status')).toBe('failed');
    expect(await persona.getByTestId('message-status').innerText()).toBe('Reply failed');
    expect(await persona.getByTestId('retry-reply').isVisible()).toBe(true);
    const notice = page.locator('[data-testid="message"][data-role="system"]').last();
    const noticeText = await notice.innerText();
    expect(noticeText).toContain('HTTP 500');
    expect(noticeText).toContain('Retry reply');
    expect(await page.getByTestId('engine-badge').innerText()).toBe('AI persona');
    expect(await page.getByTestId('answer-input').isDisabled()).toBe(false);
    await app.screenshot('llm-failed');
  });

  it('a second failure in a row switches the session to the offline persona, which carries on', async () => {
    server.enqueue({ kind: 'status', status: 500 });
    await lastPersona(page).getByTestId('retry-reply').click();
    await page.locator('[data-testid="engine-badge"][data-engine="offline"]').waitFor();
    expect(await page.getByTestId('engine-badge').innerText()).toBe('Offline persona');
    const system = await page.locator('[data-testid="message"][data-role="system"]').allInnerTexts();
    expect(system.some((text) => text.includes('continues with the offline persona'))).toBe(true);
    // The offline persona says the step's own line; the failed reply can no longer be retried.
    expect(await lastPersona(page).getByTestId('message-text').innerText()).toContain("It's Dana Miller, June 12th, 1988");
    expect(await page.getByTestId('retry-reply').count()).toBe(0);
    await app.screenshot('llm-fallback');

    const requests = server.chatRequests.length;
    await answer(page, goodAnswers[2]!);
    expect(server.chatRequests.length).toBe(requests);
    const card = page.getByTestId('feedback-card').last();
    expect(await card.getByTestId('feedback-type').textContent()).toBe('Keyword check');
    expect(await card.getByTestId('feedback-verdict').innerText()).toBe('Passed');
    expect(await page.getByTestId('step-counter').innerText()).toBe('Step 4 of 7');
    expect(await lastPersona(page).getAttribute('data-status')).toBe('complete');
    await app.screenshot('llm-offline-continues');
  });

  it('Settings comes back after a reload with what was saved, and fits an 860 px window', async () => {
    await page.getByTestId('open-settings').click();
    await page.getByTestId('llm-settings').waitFor();
    await page.reload();
    await page.getByTestId('llm-settings').waitFor();
    expect(await page.getByTestId('llm-baseUrl').inputValue()).toBe(server.baseUrl);
    expect(await page.getByTestId('llm-timeoutSeconds').inputValue()).toBe('5');
    expect(await page.getByTestId('llm-enabled').isChecked()).toBe(true);
    expect(await page.getByTestId('key-status').innerText()).toBe('A key is stored');
    expect(await page.getByTestId('llm-save-status').innerText()).toBe('');
    await page.setViewportSize({ width: 860, height: 900 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(860);
    await pageShot('llm-settings-860');
    await page.setViewportSize({ width: 1280, height: 860 });
  });

  it('never put the key in the page or in any answer from main', async () => {
    await expectKeyNowhere();
  });

  it('logged no errors in the console', () => {
    expect(consoleErrors).toEqual([]);
  });
});
