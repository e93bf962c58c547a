import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactsDir, startE2eApp, type E2eApp } from './harness';

const SCENARIO_ID = 'insurance.claim_handling.v1';
const MESSAGES = 5_000;

/** Varied lengths, so rows have different heights (1 to ~6 lines). */
function filler(index: number): string {
  const sentence = 'The hail dented the roof and cracked the windshield, so the car needs an adjuster to look at it. ';
  return sentence.repeat((index * 7) % 6) + (index % 9 === 0 ? '\nA second paragraph, after a line break.' : '');
}

async function renderedMessages(page: Page): Promise<number> {
  return page.getByTestId('message').count();
}

/** A 5,000-message transcript: the list stays virtualised and scrolls end to end. */
describe('long transcripts (browser mode)', () => {
  let app: E2eApp;
  let sessionId: string;
  let firstLine: string;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    app = await startE2eApp();
    app.page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    const { training, database } = app.core;
    const scenario = (await training.scenarioOrNull(SCENARIO_ID))!;
    firstLine = scenario.steps[0]!.persona_says;
    const user = await training.currentUser();
    sessionId = await training.engine.create({ userId: user.id, scenario });
    await training.engine.start(sessionId, scenario); // the persona's opening line is message 0

    const start = Date.now();
    const rows = Array.from({ length: MESSAGES - 1 }, (_, offset) => {
      const seq = offset + 1;
      // Ends on a persona line: a trailing trainee answer would be evaluated on opening (crash recovery).
      const role = seq % 2 === 0 ? ('trainee' as const) : ('persona' as const);
      return {
        id: randomUUID(),
        session_id: sessionId,
        seq,
        role,
        content: `Message ${seq}. ${filler(seq)}`,
        step_id: 'greeting',
        engine: role === 'persona' ? ('offline' as const) : null,
        prompt_tokens: null,
        completion_tokens: null,
        response_ms: null,
        created_at: new Date(start + seq * 1000).toISOString(),
      };
    });
    await database.db.transaction().execute(async (trx) => {
      for (let index = 0; index < rows.length; index += 500) {
        await trx.insertInto('messages').values(rows.slice(index, index + 500)).execute();
      }
    });
    await app.page.getByTestId('scenario-card').first().waitFor();
  });

  afterAll(async () => {
    await app?.close();
  });

  it('opens at the newest message with only a window of rows in the DOM', async () => {
    const { page } = app;
    const opened = Date.now();
    await page.evaluate((id) => {
      location.hash = `#/session/${id}`;
    }, sessionId);
    await page.getByTestId('chat-screen').waitFor();
    await page.getByText(`Message ${MESSAGES - 1}.`, { exact: false }).waitFor();
    console.info(`5,000-message session opened in ${Date.now() - opened} ms`);

    expect(Number(await page.locator('[role="list"][data-count]').getAttribute('data-count'))).toBe(MESSAGES);
    const rendered = await renderedMessages(page);
    expect(rendered).toBeGreaterThan(0);
    expect(rendered).toBeLessThan(60);
    // The newest message is in view at the bottom of the transcript.
    const inView = await page.evaluate((text) => {
      const box = document.querySelector('[data-testid="transcript"]')!.getBoundingClientRect();
      const last = [...document.querySelectorAll('[data-testid="message"]')].find((node) => node.textContent?.includes(text));
      const rect = last?.getBoundingClientRect();
      return rect !== undefined && rect.bottom <= box.bottom + 1 && rect.top >= box.top - 1;
    }, `Message ${MESSAGES - 1}.`);
    expect(inView).toBe(true);
    await page.screenshot({ path: join(artifactsDir, 'chat-5000-messages.png') });
  });

  it('scrolls to the very first message, still virtualised', async () => {
    const { page } = app;
    const transcript = page.getByTestId('transcript');
    // Scroll up the way a reader would jump: to the top, letting rows measure on the way.
    for (let attempt = 0; attempt < 10; attempt++) {
      await transcript.evaluate((element) => element.scrollTo({ top: 0 }));
      await page.waitForTimeout(50);
      if ((await page.getByText(firstLine).count()) > 0) break;
    }
    await page.getByText(firstLine).waitFor();
    expect(await renderedMessages(page)).toBeLessThan(60);
    expect(await page.getByTestId('message').first().getAttribute('data-seq')).toBe('0');
    // Scrolled up: new messages would not pull the reader down; a button offers the way back.
    await page.getByTestId('jump-to-latest').waitFor();
    await page.screenshot({ path: join(artifactsDir, 'chat-5000-messages-top.png') });

    await page.getByTestId('jump-to-latest').click();
    await page.getByText(`Message ${MESSAGES - 1}.`, { exact: false }).waitFor();
    expect(await renderedMessages(page)).toBeLessThan(60);
  });

  it('keeps a window of rows while scrolling through the middle', async () => {
    const { page } = app;
    const transcript = page.getByTestId('transcript');
    const counts: number[] = [];
    for (const fraction of [0.25, 0.5, 0.75]) {
      await transcript.evaluate((element, f) => element.scrollTo({ top: element.scrollHeight * f }), fraction);
      await page.waitForTimeout(60);
      counts.push(await renderedMessages(page));
    }
    for (const count of counts) {
      expect(count).toBeGreaterThan(0);
      expect(count).toBeLessThan(60);
    }
  });

  it('logged no errors in the console', () => {
    expect(consoleErrors).toEqual([]);
  });
});
