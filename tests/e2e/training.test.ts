import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Download, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactsDir, startE2eApp, type E2eApp, messageCount } from './harness';

/**
 * Model answers for the bundled insurance scenario: each covers its step's expected
 * keywords (or their synonyms, see content/insurance.claim_handling.v1/scenario.yaml) and
 * uses none of the forbidden phrases.
 */
const goodAnswers = [
  "I'm so sorry to hear that, it sounds really stressful. I'm here to help and I'll walk you through every step. Could I have your policy number?",
  'Thank you. To verify your identity and protect your account, could you tell me your full name, your date of birth and the address on the policy?',
  "Thank you for confirming, you're verified. What date did this happen, and at about what time? What was the location of the car, and can you tell me what happened in your own words?",
  'First of all, was anyone hurt? Can you describe the damage to the windshield, lights and mirrors? Is the car safe to drive? Please take photos of all sides and some close-ups.',
  "Hail is covered under your comprehensive coverage. You pay the first $500, that's your deductible, and we pay the rest of the agreed repair. An adjuster will inspect the car, and your policy includes a rental car at $40 a day. Please don't drive with the windshield cracked in your view.",
  "I understand, waiting is frustrating. It's your choice: you can use any shop, including your brother-in-law's. The adjuster needs to do an inspection and agree an estimate before permanent repairs start, so you are not left paying for something we can't reimburse.",
  'Your claim number is 26-HL-018834. To recap: hail damaged your CR-V on Tuesday at 220 Elm Street and nobody was hurt. An adjuster will contact you within one business day. Please keep receipts and do not start permanent repairs before the inspection. Is there anything else I can help with?',
];

/** Covers only "policy number" of the greeting step's four expected keywords. */
const weakAnswer = 'Hello. What is your policy number?';

const TITLE = 'Insurance Claim Handling';

async function stepCounter(page: Page): Promise<string> {
  return (await page.getByTestId('step-counter').innerText()).trim();
}

/** Types an answer and sends it with Enter; resolves once the turn is over. */
async function answer(page: Page, text: string): Promise<void> {
  const before = await messageCount(page);
  const input = page.getByTestId('answer-input');
  await input.fill(text);
  await input.press('Enter');
  // The turn is over when the answer and the reply are in (or the session ended and the chat left).
  await page.waitForFunction(
    (count) => {
      if (document.querySelector('[data-testid="summary-screen"]')) return true;
      const list = document.querySelector('[role="list"][data-count]');
      const input = document.querySelector<HTMLTextAreaElement>('[data-testid="answer-input"]');
      return Number(list?.getAttribute('data-count')) >= count + 2 && input !== null && !input.disabled;
    },
    before,
    { timeout: 10_000 },
  );
}

/** A screenshot of one part of the page (full-page shots repeat the sticky header mid-page when scrolled). */
async function shot(target: Locator | Page, name: string): Promise<void> {
  await target.screenshot({ path: join(artifactsDir, `${name}.png`) });
}

async function downloadText(download: Download): Promise<Buffer> {
  const path = await download.path();
  return readFileSync(path);
}

/** A practice session of the bundled scenario through the whole UI, in one browser. */
describe('practice session (browser mode)', () => {
  let app: E2eApp;
  let page: Page;
  let sessionId = '';
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    app = await startE2eApp();
    page = app.page;
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    await page.locator('[data-testid="open-scenario"][data-scenario-id="insurance.claim_handling.v1"]').click();
    await page.getByTestId('scenario-title').waitFor();
  });

  afterAll(async () => {
    await app?.close();
  });

  it('"Start practice" opens the start page: persona, SMART goals, steps, time limit', async () => {
    const start = page.getByTestId('start-practice');
    expect(await start.isEnabled()).toBe(true);
    await start.click();
    await page.getByTestId('start-page').waitFor();
    expect(await page.getByTestId('start-title').innerText()).toBe(TITLE);
    const persona = await page.getByTestId('persona').innerText();
    expect(persona).toContain('Dana Miller');
    expect(persona).toContain('Policyholder whose car was damaged in a hailstorm');
    expect(persona).toContain('anxious');
    expect(persona).toContain('Maple Falls');
    expect(await page.getByTestId('smart-goal').count()).toBe(3);
    expect(await page.getByTestId('start-steps').innerText()).toBe('7 steps');
    expect(await page.getByTestId('start-time-limit').innerText()).toContain('30 min');

    // The session is in the address bar, so a reload comes back to it.
    const hash = await page.evaluate(() => location.hash);
    expect(hash).toMatch(/^#\/session\/[0-9a-f-]{36}$/);
    sessionId = hash.slice('#/session/'.length);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('start-title');
    await app.screenshot('session-start');
  });

  it('Begin: the persona speaks first, the clock and step progress show', async () => {
    await page.getByTestId('begin-session').click();
    await page.getByTestId('chat-screen').waitFor();
    expect(await page.getByTestId('chat-title').innerText()).toBe(TITLE);
    expect(await stepCounter(page)).toBe('Step 1 of 7');
    expect(await page.getByTestId('step-seg').count()).toBe(7);
    const first = page.getByTestId('message').first();
    expect(await first.getAttribute('data-role')).toBe('persona');
    expect(await first.innerText()).toContain('I think I need to make a claim');
    expect(await first.innerText()).toContain('Dana Miller');
    const seconds = Number(await page.getByTestId('time-left').getAttribute('data-seconds'));
    expect(seconds).toBeGreaterThan(29 * 60);
    expect(seconds).toBeLessThanOrEqual(30 * 60);
    // Ready to type straight away; the documents sit beside the chat.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('answer-input');
    await page.getByTestId('documents-panel').getByTestId('document-viewer').getByRole('heading', { name: 'Claim Handling Guide' }).waitFor();
    expect(await page.getByLabel('Your answer').count()).toBe(1);
    await app.screenshot('chat-start');
  });

  it('a weak answer gets a feedback card with what was found and what was missing', async () => {
    await answer(page, weakAnswer);
    const card = page.getByTestId('feedback-card').last();
    expect(await card.getByTestId('feedback-verdict').innerText()).toBe('Not passed');
    expect(await card.getByTestId('feedback-score').innerText()).toContain('25');
    expect(await card.getByTestId('feedback-found').innerText()).toContain('policy number');
    const missing = await card.getByTestId('feedback-missing').innerText();
    for (const keyword of ['sorry', 'help', 'walk you through']) expect(missing).toContain(keyword);
    expect(await card.getByTestId('feedback-suggestion').innerText()).not.toBe('');
    // Accepted: the box is empty again; the persona asked once more; still step 1.
    expect(await page.getByTestId('answer-input').inputValue()).toBe('');
    expect(await stepCounter(page)).toBe('Step 1 of 7');
    expect(await page.getByTestId('message').last().getAttribute('data-role')).toBe('persona');
    // Screen readers hear the feedback and the persona's reply.
    const announced = await page.getByTestId('announcer').innerText();
    expect(announced).toContain('Feedback: not passed, score 25');
    expect(announced).toContain('Dana Miller says:');
    await app.screenshot('chat-feedback-weak');
  });

  it('Hint reveals the current step’s hint', async () => {
    const hint = page.getByTestId('hint-button');
    expect(await hint.getAttribute('aria-expanded')).toBe('false');
    await hint.click();
    expect(await hint.getAttribute('aria-expanded')).toBe('true');
    expect(await page.getByTestId('hint').innerText()).toContain('ask for her policy number');
    await app.screenshot('chat-hint');
    await hint.click();
    expect(await page.getByTestId('hint').count()).toBe(0);
  });

  it('Shift+Enter breaks the line; a refused answer keeps the text and says why', async () => {
    const input = page.getByTestId('answer-input');
    await input.fill('First line');
    await input.press('Shift+Enter');
    await input.pressSequentially('second line');
    expect(await input.inputValue()).toBe('First line\nsecond line');
    expect(await page.getByTestId('feedback-card').count()).toBe(1);

    // Main refuses the next answer (a locked database, say), after a moment.
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/api/invoke', async (route) => {
      const body = route.request().postDataJSON() as { channel: string };
      if (body.channel !== 'sessions.answer') return route.continue();
      await released;
      return route.fulfill({
        contentType: 'application/json',
        body: JSON.stringify({ ok: false, error: { code: 'DATABASE_LOCKED', message: 'The database is busy. Try again in a moment.' } }),
      });
    });
    await input.press('Enter');
    // While the turn runs: locked, and saying so.
    await page.getByTestId('evaluating').waitFor();
    expect(await page.getByTestId('evaluating').innerText()).toContain('Evaluating');
    expect(await input.isDisabled()).toBe(true);
    expect(await page.getByTestId('send-answer').isDisabled()).toBe(true);
    await shot(page.getByTestId('composer'), 'chat-evaluating');
    release();
    await page.getByTestId('answer-error').waitFor();
    expect(await page.getByTestId('answer-error').innerText()).toContain('The database is busy');
    expect(await input.inputValue()).toBe('First line\nsecond line');
    expect(await input.isEnabled()).toBe(true);
    await app.screenshot('chat-answer-error');
    await page.unroute('**/api/invoke');

    // An empty answer is not sent at all.
    await input.fill('   ');
    await input.press('Enter');
    expect(await page.getByTestId('answer-error').innerText()).toContain('Write an answer first');
  });

  it('a good answer passes the step and moves on', async () => {
    await answer(page, goodAnswers[0]!);
    const card = page.getByTestId('feedback-card').last();
    expect(await card.getByTestId('feedback-verdict').innerText()).toBe('Passed');
    expect(await card.getByTestId('feedback-missing').count()).toBe(0);
    expect(await stepCounter(page)).toBe('Step 2 of 7');
    expect(await page.getByTestId('step-seg').first().getAttribute('data-status')).toBe('passed');
    expect(await page.getByTestId('step-seg').nth(1).getAttribute('aria-current')).toBe('step');
    await answer(page, goodAnswers[1]!);
    await answer(page, goodAnswers[2]!);
    expect(await stepCounter(page)).toBe('Step 4 of 7');
    await app.screenshot('chat-progress');
  });

  it('reloading the page mid-session comes back to the same step with the transcript intact', async () => {
    const texts = async () => page.getByTestId('message-text').allInnerTexts();
    const before = await texts();
    const count = await messageCount(page);
    expect(count).toBe(9); // opening, weak answer, retry line, then 3 × (answer + next line)

    await page.reload();
    await page.getByTestId('chat-screen').waitFor();
    expect(await page.evaluate(() => location.hash)).toBe(`#/session/${sessionId}`);
    expect(await stepCounter(page)).toBe('Step 4 of 7');
    expect(await messageCount(page)).toBe(count);
    // Opened at the newest message; every message still there (the list is short enough
    // to be fully rendered in this window).
    await page.getByTestId('message-text').last().waitFor();
    expect(await texts()).toEqual(before);
    expect(await page.getByTestId('feedback-card').count()).toBe(4);
    expect(await page.getByTestId('step-seg').first().getAttribute('data-status')).toBe('passed');
    await app.screenshot('chat-after-reload');
  });

  it('documents opened while practising are logged for the session', async () => {
    await page.getByTestId('document-link').filter({ hasText: 'FNOL Checklist and Glossary' }).click();
    await page.getByTestId('document-viewer').getByRole('heading', { name: 'Checklist: before you create the claim' }).waitFor();
    await expect.poll(async () => {
      const rows = await app.core.database.db
        .selectFrom('activity_log')
        .select(['details_json'])
        .where('session_id', '=', sessionId)
        .where('type', '=', 'document_viewed')
        .execute();
      return rows.length;
    }).toBeGreaterThanOrEqual(1);
    await app.screenshot('chat-documents');
  });

  it('stays usable at 860 px wide (documents under the chat)', async () => {
    await page.setViewportSize({ width: 860, height: 900 });
    try {
      await page.getByTestId('answer-input').waitFor();
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
      const composer = await page.getByTestId('composer').boundingBox();
      expect(composer).not.toBeNull();
      expect(composer!.y + composer!.height).toBeLessThanOrEqual(900);
      await shot(page, 'chat-860');
    } finally {
      await page.setViewportSize({ width: 1280, height: 860 });
    }
  });

  it('the library lists the session under "Continue where you left off"', async () => {
    await page.getByRole('button', { name: /back to the scenario library/i }).click();
    await page.getByTestId('library-screen').waitFor();
    expect(await page.evaluate(() => location.hash)).toBe('');
    await page.getByTestId('continue-list').waitFor();
    expect(await page.getByTestId('continue-session').count()).toBe(1);
    const mine = page.locator(`[data-testid="continue-session"][data-session-id="${sessionId}"]`);
    expect(await mine.innerText()).toContain(TITLE);
    expect(await mine.innerText()).toContain('Step 4 of 7');
    await app.screenshot('library-continue');
    // Back and Forward move between the screens.
    await page.goBack();
    await page.getByTestId('chat-screen').waitFor();
    await page.goForward();
    await page.getByTestId('library-screen').waitFor();
    await mine.click();
    await page.getByTestId('chat-screen').waitFor();
    expect(await stepCounter(page)).toBe('Step 4 of 7');
  });

  it('good answers to the end reach the summary: Passed, with every step passed', async () => {
    for (const text of goodAnswers.slice(3)) await answer(page, text);
    await page.getByTestId('summary-screen').waitFor();
    expect(await page.getByTestId('summary-title').innerText()).toBe(TITLE);
    expect(await page.getByTestId('summary-result').innerText()).toBe('Passed');
    expect(await page.getByTestId('completion-reason').innerText()).toContain('All steps finished');
    expect(await page.getByTestId('pass-mark').innerText()).toBe('70');
    expect(await page.getByTestId('summary-score').innerText()).toMatch(/Score \d+(\.\d)? \/ 100/);
    const rows = page.getByTestId('step-row');
    expect(await rows.count()).toBe(7);
    for (let index = 0; index < 7; index++) expect(await rows.nth(index).getAttribute('data-status')).toBe('passed');
    expect(await rows.first().innerText()).toContain('2 of 3'); // the weak answer was an attempt too
    expect(await rows.first().innerText()).toContain('Greet Dana');
    for (const list of ['strengths', 'gaps', 'learnings', 'actions']) expect(await page.getByTestId(`summary-${list}`).count()).toBe(1);
    expect(await page.getByTestId('summary-strengths').locator('li').count()).toBeGreaterThan(0);
    await app.screenshot('summary-passed');
  });

  it('saves a reflection, then turns the revised goal into a personal SMART goal', async () => {
    await page.getByLabel('What will you take away from this session?').fill('Lead with empathy, then ask for the policy number.');
    await page.getByLabel(/Revised goal/).fill('Open every claim call with empathy and a clear next step');
    await page.getByTestId('save-reflection').click();
    await page.getByTestId('reflection-status').getByText('Saved').waitFor();
    expect(await page.getByTestId('save-reflection').innerText()).toBe('Update reflection');

    // "Specific" is prefilled from the revised goal.
    expect(await page.getByTestId('goal-specific').inputValue()).toBe('Open every claim call with empathy and a clear next step');
    await page.getByTestId('save-goal').click();
    expect(await page.getByTestId('goal-error').innerText()).toContain('Measurable, Achievable, Relevant, Time-bound');
    await page.getByLabel('Measurable').fill('Empathy keyword found in every greeting');
    await page.getByLabel('Achievable').fill('Using the empathy phrases in the guide');
    await page.getByLabel('Relevant').fill('Calmer callers give better details');
    await page.getByLabel('Time-bound').fill('Within the next five sessions');
    await page.getByTestId('save-goal').click();
    await page.getByTestId('goal-saved').waitFor();
    const goals = await app.core.database.db.selectFrom('goals').selectAll().where('session_id', '=', sessionId).execute();
    expect(goals).toHaveLength(1);
    expect(goals[0]).toMatchObject({ specific: 'Open every claim call with empathy and a clear next step', time_bound: 'Within the next five sessions' });
    const reflection = await app.core.database.db.selectFrom('reflections').selectAll().where('session_id', '=', sessionId).executeTakeFirst();
    expect(reflection?.revised_goal).toBe('Open every claim call with empathy and a clear next step');
    await shot(page.locator('.summary-forms'), 'summary-reflection-goal');
  });

  it('exports the report as PDF, Markdown, HTML and JSON downloads', async () => {
    const exportAs = async (format: string) => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(`export-${format}`).click()]);
      return download;
    };
    const pdf = await exportAs('pdf');
    expect(pdf.suggestedFilename()).toMatch(/\.pdf$/);
    expect((await downloadText(pdf)).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await page.getByTestId('export-status').getByText('downloaded').waitFor();

    const markdown = await exportAs('md');
    expect(markdown.suggestedFilename()).toMatch(/\.md$/);
    const text = (await downloadText(markdown)).toString('utf8');
    expect(text).toContain(TITLE);
    expect(text).toContain('26-HL-018834');

    const html = await exportAs('html');
    expect((await downloadText(html)).toString('utf8')).toContain(TITLE);
    const json = await exportAs('json');
    expect(JSON.parse((await downloadText(json)).toString('utf8'))).toBeTypeOf('object');
    expect(await page.getByTestId('export-status').innerText()).toContain('JSON report downloaded');
    await shot(page.getByTestId('export-panel'), 'summary-exported');
  });

  it('shows the whole conversation on the summary', async () => {
    await page.getByTestId('toggle-conversation').click();
    const review = page.locator('#conversation-review');
    await review.getByTestId('message').first().waitFor();
    await shot(page.locator('#conversation-review').locator('..'), 'summary-conversation');
    expect(Number(await review.locator('[role="list"][data-count]').getAttribute('data-count'))).toBeGreaterThan(15);
    await page.getByTestId('toggle-conversation').click();
  });

  it('"End session" asks first (Escape keeps practising), then ends with a summary', async () => {
    await page.getByTestId('practise-again').click();
    await page.getByTestId('start-page').waitFor();
    const secondId = (await page.evaluate(() => location.hash)).slice('#/session/'.length);
    expect(secondId).not.toBe(sessionId);
    await page.getByTestId('begin-session').click();
    await page.getByTestId('chat-screen').waitFor();
    await answer(page, goodAnswers[0]!);

    const end = page.getByTestId('end-session');
    await end.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByTestId('end-dialog');
    await dialog.waitFor();
    expect(await dialog.getAttribute('open')).not.toBeNull();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('dialog-cancel');
    // Focus stays inside while tabbing around.
    for (let index = 0; index < 4; index++) {
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.closest('dialog') !== null)).toBe(true);
    }
    await shot(page, 'chat-end-dialog');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('end-session');
    expect(await page.getByTestId('chat-screen').count()).toBe(1);

    await end.click();
    await page.getByTestId('dialog-confirm').click();
    await page.getByTestId('summary-screen').waitFor();
    expect(await page.getByTestId('completion-reason').innerText()).toContain('Ended early by you');
    expect(await page.getByTestId('summary-result').innerText()).toBe('Not passed');
    expect(await page.getByTestId('step-row').nth(1).getAttribute('data-status')).not.toBe('passed');
    await app.screenshot('summary-ended-early');
    await page.setViewportSize({ width: 760, height: 900 });
    try {
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
      await shot(page, 'summary-760');
    } finally {
      await page.setViewportSize({ width: 1280, height: 860 });
    }
  });

  it('logged no errors in the console', () => {
    expect(consoleErrors).toEqual([]);
  });
});
