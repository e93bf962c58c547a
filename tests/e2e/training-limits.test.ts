import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactsDir, startE2eApp, type E2eApp } from './harness';

const timedScenario = `
id: test.timed.v1
title: One Minute Call
description: A call with a one-minute time limit, for time-limit tests.
domain: testing
version: 1.0.0
difficulty: beginner
duration_minutes: 1
persona:
  name: Sam Tester
  role: A customer in a hurry
steps:
  - id: hello
    persona_says: "Hello, I only have a minute."
    goal: Greet Sam and offer help.
    expected_keywords: [hello, help]
  - id: wrap_up
    persona_says: "Okay. Anything else?"
    goal: Close the call politely.
    expected_keywords: [thanks]
`;

const riskScenario = `
id: test.risk.v1
title: Risk Disclosure Call
description: The persona discloses a risk in the very first line.
domain: testing
version: 1.0.0
difficulty: intermediate
persona:
  name: Jamie Rivers
  role: A student who is struggling
steps:
  - id: listen
    persona_says: "Honestly, some days I feel like I can't go on."
    goal: Respond with care and ask whether they are safe.
    expected_keywords: [safe, support]
risk:
  phrases: ["can't go on"]
  resources:
    - "If you are in immediate danger, call your local emergency number now."
    - "Call or text 988 (US) to reach the Suicide & Crisis Lifeline, 24/7."
`;

async function openScenario(page: Page, id: string): Promise<void> {
  const home = page.getByRole('button', { name: /back to the scenario library/i });
  if (await home.count()) await home.click();
  await page.locator(`[data-testid="open-scenario"][data-scenario-id="${id}"]`).click();
  await page.getByTestId('start-practice').click();
  await page.getByTestId('start-page').waitFor();
  await page.getByTestId('begin-session').click();
  await page.getByTestId('chat-screen').waitFor();
}

/** Time limits (on an injected clock) and safety language, on scenarios written for the test. */
describe('session limits and safety (browser mode)', () => {
  let app: E2eApp;
  let page: Page;
  let contentDir: string;
  // The clock the app's sessions run on; the test moves it forward.
  let offsetMs = 0;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    contentDir = mkdtempSync(join(tmpdir(), 'chattrain-e2e-content-'));
    for (const [folder, yaml] of [
      ['test.timed.v1', timedScenario],
      ['test.risk.v1', riskScenario],
    ] as const) {
      mkdirSync(join(contentDir, folder));
      writeFileSync(join(contentDir, folder, 'scenario.yaml'), yaml.trimStart());
    }
    app = await startE2eApp({ contentDir, now: () => new Date(Date.now() + offsetMs) });
    page = app.page;
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    // The page's own clock is controlled too, so its countdown can be run to zero.
    await page.clock.install();
    await page.reload();
    await page.getByTestId('scenario-card').first().waitFor();
  });

  afterAll(async () => {
    await app?.close();
    rmSync(contentDir, { recursive: true, force: true });
  });

  it('counts down locally and ends the session with "Time limit reached" when the time is up', async () => {
    await openScenario(page, 'test.timed.v1');
    const timeLeft = page.getByTestId('time-left');
    const seconds = Number(await timeLeft.getAttribute('data-seconds'));
    expect(seconds).toBeGreaterThan(55);
    expect(seconds).toBeLessThanOrEqual(60);

    await page.clock.fastForward(35_000);
    await expect.poll(async () => Number(await timeLeft.getAttribute('data-seconds'))).toBeLessThanOrEqual(25);
    expect(await page.getByTestId('session-timer').getAttribute('class')).toContain('timer-critical');
    await page.screenshot({ path: join(artifactsDir, 'chat-timer-critical.png') });

    // The session's own clock passes the limit; the page's countdown reaches zero, asks
    // main, and main ends the session.
    offsetMs += 2 * 60_000;
    await page.clock.fastForward(30_000);
    await page.getByTestId('summary-screen').waitFor();
    expect(await page.getByTestId('completion-reason').innerText()).toContain('Time limit reached');
    expect(await page.getByTestId('summary-result').innerText()).toBe('Not passed');
    await app.screenshot('summary-time-limit');
  });

  it('an answer sent after the time ran out is kept, and the session ends with the time limit', async () => {
    await page.getByTestId('practise-again').click();
    await page.getByTestId('start-page').waitFor();
    await page.getByTestId('begin-session').click();
    await page.getByTestId('chat-screen').waitFor();
    offsetMs += 2 * 60_000;
    await page.getByTestId('answer-input').fill('Hello, how can I help?');
    await page.getByTestId('answer-input').press('Enter');
    await page.getByTestId('summary-screen').waitFor();
    expect(await page.getByTestId('completion-reason').innerText()).toContain('Time limit reached');
    await page.getByTestId('toggle-conversation').click();
    const review = page.locator('#conversation-review');
    await review.getByText('Hello, how can I help?').waitFor();
  });

  it('shows the support resources prominently when the persona uses safety language', async () => {
    await openScenario(page, 'test.risk.v1');
    const panel = page.getByTestId('risk-panel');
    await panel.waitFor();
    expect(await panel.getAttribute('role')).toBe('alert');
    const text = await panel.innerText();
    expect(text).toContain('Support resources');
    expect(text).toContain("can't go on");
    expect(text).toContain('call your local emergency number');
    expect(text).toContain('988');
    expect(await page.getByTestId('risk-resources').locator('li').count()).toBeGreaterThanOrEqual(2);
    await app.screenshot('chat-risk');

    // Collapsible, but never gone while the session runs.
    await panel.getByRole('button', { name: 'Hide' }).click();
    expect(await page.getByTestId('risk-resources').count()).toBe(0);
    await panel.getByRole('button', { name: 'Show' }).click();
    expect(await page.getByTestId('risk-resources').count()).toBe(1);

    // And the resources stay on the summary.
    await page.getByTestId('answer-input').fill('Thank you for telling me. Are you safe right now? There is support available.');
    await page.getByTestId('answer-input').press('Enter');
    await page.getByTestId('summary-screen').waitFor();
    expect(await page.getByTestId('summary-risk').innerText()).toContain('988');
    expect(await page.getByTestId('summary-result').innerText()).toBe('Passed');
  });

  it('an address naming an unknown session explains itself and leads back to the library', async () => {
    await page.evaluate(() => {
      location.hash = '#/session/00000000-0000-4000-8000-000000000000';
    });
    const error = page.getByTestId('session-error');
    await error.waitFor();
    expect(await error.getAttribute('role')).toBe('alert');
    expect(await error.innerText()).toContain('could not be found');
    await app.screenshot('session-not-found');
    await error.getByRole('button', { name: 'Back to library' }).click();
    await page.getByTestId('library-screen').waitFor();
    expect(await page.evaluate(() => location.hash)).toBe('');
  });

  it('logged no errors in the console', () => {
    expect(consoleErrors).toEqual([]);
  });
});
