import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactsDir, startE2eApp, type E2eApp } from './harness';

/**
 * The documents panel is sticky beside a long overview, so a full-page screenshot shows it
 * only at the top; states of the panel are kept as window-sized screenshots instead.
 */
async function windowShot(page: Page, name: string, options: { fromTop?: boolean } = {}): Promise<void> {
  if (options.fromTop) await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(artifactsDir, `${name}.png`) });
}

/** Waits until the document search has answered for exactly this query. */
async function searchFor(page: Page, query: string): Promise<void> {
  await page.getByTestId('document-search').fill(query);
  await page.waitForFunction(
    (expected) => {
      const results = document.querySelector('[data-testid="document-search-results"]');
      if (!results) return false;
      const status = results.getAttribute('data-status');
      if (expected.trim() === '') return status === 'idle';
      return (status === 'done' || status === 'error') && results.getAttribute('data-searched-query') === expected.trim();
    },
    query,
    { timeout: 10_000 },
  );
}

/** The scenario detail screen: overview, documents, document search. */
describe('scenario detail (browser mode)', () => {
  let app: E2eApp;

  beforeAll(async () => {
    app = await startE2eApp();
    await app.page.locator('[data-testid="open-scenario"][data-scenario-id="insurance.claim_handling.v1"]').click();
    await app.page.getByTestId('scenario-title').waitFor();
  });

  afterAll(async () => {
    await app?.close();
  });

  it('shows the title, meta, persona, SMART goals, steps and rubric', async () => {
    const { page } = app;
    expect(await page.getByTestId('scenario-title').innerText()).toBe('Insurance Claim Handling');

    const meta = await page.getByTestId('scenario-meta').innerText();
    for (const part of ['Beginner', '30 min', 'insurance', '1.0.0', 'A', '70']) expect(meta).toContain(part);

    const persona = await page.getByTestId('persona').innerText();
    expect(persona).toContain('Dana Miller');
    expect(persona).toContain('Policyholder whose car was damaged in a hailstorm');
    expect(persona).toContain('anxious');
    expect(persona).toContain('Maple Falls');

    expect(await page.getByTestId('smart-goal').count()).toBe(3);
    const goals = await page.getByTestId('smart-goals').innerText();
    for (const label of ['Specific', 'Measurable', 'Achievable', 'Relevant', 'Time-bound']) expect(goals).toContain(label);
    expect(goals).toContain('Within the first 10 minutes of the call');

    expect(await page.getByTestId('step').count()).toBe(7);
    const firstStep = page.getByTestId('step').first();
    const stepText = await firstStep.innerText();
    expect(stepText).toContain('Greeting');
    expect(stepText).toContain('Hi, um, I think I need to make a claim?');
    expect(stepText).toContain('Pass score 60');
    expect(stepText).toContain('Up to 3 attempts');
    // Expected keywords stay folded away in the facilitator notes.
    const notes = firstStep.getByTestId('facilitator-notes');
    expect(await notes.evaluate((element) => (element as HTMLDetailsElement).open)).toBe(false);
    expect(await notes.getByText('Expected keywords').isVisible()).toBe(false);
    await notes.locator('summary').click();
    expect(await notes.getByText('Expected keywords').isVisible()).toBe(true);
    await firstStep.screenshot({ path: join(artifactsDir, 'detail-facilitator-notes.png') });
    await notes.locator('summary').click();

    const rubric = await page.getByTestId('rubric').innerText();
    expect(rubric).toContain('Empathy');
    expect(rubric).toContain('30%');

    // Practice itself is covered by training.test.ts; here the button is simply ready.
    const start = page.getByTestId('start-practice');
    expect(await start.isEnabled()).toBe(true);
    expect(await start.getAttribute('aria-disabled')).toBeNull();
    await app.screenshot('detail');
    await windowShot(page, 'detail-window', { fromTop: true });
  });

  it('renders the claim guide as Markdown, tables included', async () => {
    const { page } = app;
    const viewer = page.getByTestId('document-viewer');
    await viewer.getByRole('heading', { name: 'Claim Handling Guide' }).waitFor();
    await viewer.getByRole('heading', { name: '4. Empathy language that works' }).waitFor();
    // The "Phrases to avoid" pipe table is a real table, not pipes in a paragraph.
    expect(await viewer.locator('table').count()).toBeGreaterThanOrEqual(2);
    expect(await viewer.locator('th').allInnerTexts()).toEqual(expect.arrayContaining(['Required detail', 'Avoid', 'Say instead']));
    // Inline Markdown inside a cell is kept (the policy-number format is code).
    expect(await viewer.locator('td code').first().innerText()).toBe('NWM-0000-0000');
    expect(await viewer.locator('strong').first().innerText()).toContain('Northwind Mutual');
    expect(await viewer.innerText()).not.toContain('|-------|');
  });

  it('opens the other document from the list', async () => {
    const { page } = app;
    await page.getByTestId('document-link').filter({ hasText: 'FNOL Checklist and Glossary' }).click();
    const viewer = page.getByTestId('document-viewer');
    await viewer.getByRole('heading', { name: 'Checklist: before you create the claim' }).waitFor();
    // Task-list items render as checkboxes, not "[ ]".
    expect(await viewer.innerText()).not.toContain('[ ]');
    expect(await viewer.locator('.md-checkbox').count()).toBeGreaterThan(5);
    expect(await page.getByTestId('document-link').filter({ hasText: 'FNOL' }).getAttribute('aria-current')).toBe('true');
    await windowShot(page, 'detail-fnol-checklist', { fromTop: true });
  });

  it('finds a phrase in the documents, highlighted with <mark>', async () => {
    const { page } = app;
    await searchFor(page, 'Comprehensive coverage pays for hail damage');
    const hits = page.getByTestId('search-hit');
    expect(await hits.count()).toBeGreaterThan(0);
    const first = hits.first();
    expect(await first.innerText()).toContain('Claim Handling Guide');
    const marks = await first.locator('mark').allInnerTexts();
    expect(marks.map((mark) => mark.toLowerCase())).toEqual(expect.arrayContaining(['comprehensive', 'hail']));
    // No control characters leak into the page.
    expect(await first.innerText()).not.toMatch(/[\u0002\u0003]/);
    await windowShot(page, 'detail-search', { fromTop: true });
  });

  it('opens the document of a hit at its heading', async () => {
    const { page } = app;
    await page.getByTestId('search-hit').filter({ hasText: 'Claim Handling Guide' }).first().click();
    const target = page.getByTestId('target-heading');
    await target.waitFor();
    expect(await target.innerText()).toContain('Comprehensive vs collision coverage');
    expect(await page.getByTestId('document-link').filter({ hasText: 'Claim Handling Guide' }).getAttribute('aria-current')).toBe('true');
    // The panel scrolled (smoothly) until the heading is at the top of the viewer.
    await page.waitForFunction(() => {
      const viewer = document.querySelector('[data-testid="document-viewer"]')!.getBoundingClientRect();
      const heading = document.querySelector('[data-testid="target-heading"]')!.getBoundingClientRect();
      return heading.top >= viewer.top - 1 && heading.top - viewer.top < 60;
    });
    await windowShot(page, 'detail-search-hit-opened');
  });

  it('accepts any query: odd syntax shows results or "No matches", never an error', async () => {
    const { page } = app;
    for (const query of [':)', '"', '*', 'NEAR', 'AND OR', '"unbalanced', 'hail*', '(((', 'col:umn', '-', '^', 'zzzqqq']) {
      await searchFor(page, query);
      expect(await page.getByTestId('search-error').count(), `error for ${query}`).toBe(0);
      const hits = await page.getByTestId('search-hit').count();
      if (hits === 0) {
        expect(await page.getByTestId('search-no-matches').innerText()).toContain('No matches');
      }
    }
    await searchFor(page, 'zzzqqq');
    expect(await page.getByTestId('search-no-matches').innerText()).toBe('No matches for “zzzqqq”.');
    await windowShot(page, 'detail-search-no-matches', { fromTop: true });
  });

  it('clears the results for an empty query', async () => {
    const { page } = app;
    await searchFor(page, 'deductible');
    expect(await page.getByTestId('search-hit').count()).toBeGreaterThan(0);
    await searchFor(page, '');
    expect(await page.getByTestId('search-hit').count()).toBe(0);
    expect(await page.getByTestId('search-no-matches').count()).toBe(0);
    await searchFor(page, '   ');
    expect(await page.getByTestId('search-hit').count()).toBe(0);
    expect(await page.getByTestId('search-error').count()).toBe(0);
  });

  it('Escape clears the search box first, then leaves the scenario', async () => {
    const { page } = app;
    await searchFor(page, 'rental');
    await page.getByTestId('document-search').focus();
    await page.keyboard.press('Escape');
    expect(await page.getByTestId('document-search').inputValue()).toBe('');
    expect(await page.getByTestId('scenario-screen').count()).toBe(1);
    await page.keyboard.press('Escape');
    await page.getByTestId('library-screen').waitFor();

    // Back button works too.
    await page.locator('[data-testid="open-scenario"][data-scenario-id="insurance.claim_handling.v1"]').click();
    await page.getByTestId('scenario-title').waitFor();
    await page.getByTestId('back-to-library').click();
    await page.getByTestId('library-screen').waitFor();
  });

  it('stays usable at 900 px wide', async () => {
    const { page } = app;
    await page.setViewportSize({ width: 900, height: 800 });
    await app.screenshot('library-900');
    await page.locator('[data-testid="open-scenario"][data-scenario-id="insurance.claim_handling.v1"]').click();
    await page.getByTestId('scenario-title').waitFor();
    await page.getByTestId('document-viewer').getByRole('heading', { name: 'Claim Handling Guide' }).waitFor();
    // Nothing wider than the window.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await app.screenshot('detail-900');
    await windowShot(page, 'detail-900-window');
    await page.setViewportSize({ width: 1280, height: 860 });
  });
});
