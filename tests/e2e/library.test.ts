import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundledContentDir } from '../../electron/main/paths';
import { startE2eApp, type E2eApp } from './harness';

/** The scenario library screen: listing, search, filters, empty state, reload, keyboard. */
describe('scenario library (browser mode)', () => {
  let app: E2eApp;
  let contentDir: string;

  beforeAll(async () => {
    // Exactly one scenario (the bundled insurance one), whatever else ships in content/:
    // the counts and filters below are about that library.
    contentDir = mkdtempSync(join(tmpdir(), 'chattrain-e2e-library-'));
    cpSync(join(bundledContentDir(), 'insurance.claim_handling.v1'), join(contentDir, 'insurance.claim_handling.v1'), { recursive: true });
    app = await startE2eApp({ contentDir });
    await app.page.getByTestId('scenario-card').first().waitFor();
  });

  afterAll(async () => {
    await app?.close();
    rmSync(contentDir, { recursive: true, force: true });
  });

  it('lists the bundled scenario with its card details', async () => {
    const { page } = app;
    await expectText(page.getByTestId('app-header'), 'ChatTrain');
    await expectText(page.getByRole('heading', { level: 1 }), 'Scenario library');
    const card = page.getByTestId('scenario-card').filter({ hasText: 'Insurance Claim Handling' });
    expect(await card.count()).toBe(1);
    const text = await card.innerText();
    expect(text).toContain('Beginner');
    expect(text).toContain('30 min');
    expect(text).toMatch(/insurance/i);
    expect(text).toContain('customer-service');
    expect(await page.getByTestId('problems-panel').count()).toBe(0);
    await app.screenshot('library');
  });

  it('filters by text search, and shows the empty state with a reset', async () => {
    const { page } = app;
    const search = page.getByTestId('library-search');

    await search.fill('hail');
    expect(await page.getByTestId('scenario-card').count()).toBe(1);
    await search.fill('HAIL first-notice-of-loss'); // words in any order, tags count
    expect(await page.getByTestId('scenario-card').count()).toBe(1);

    await search.fill('submarine warfare');
    await page.getByTestId('library-no-match').waitFor();
    expect(await page.getByTestId('scenario-card').count()).toBe(0);
    await expectText(page.getByTestId('library-no-match'), 'No scenarios match');
    await app.screenshot('library-no-match-search');

    await page.getByTestId('empty-reset-filters').click();
    await page.getByTestId('scenario-card').first().waitFor();
    expect(await search.inputValue()).toBe('');
  });

  it('filters by difficulty, domain and tag', async () => {
    const { page } = app;
    const difficulty = page.getByTestId('filter-difficulty');

    await difficulty.selectOption('advanced');
    await page.getByTestId('library-no-match').waitFor();
    expect(await page.getByTestId('scenario-card').count()).toBe(0);
    await app.screenshot('library-no-match-filter');

    await difficulty.selectOption('beginner');
    await page.getByTestId('scenario-card').first().waitFor();

    await page.getByTestId('filter-domain').selectOption('insurance');
    await page.getByTestId('filter-tag').selectOption('hail');
    expect(await page.getByTestId('scenario-card').count()).toBe(1);
    expect(await page.getByTestId('reset-filters').isEnabled()).toBe(true);

    await page.getByTestId('reset-filters').click();
    expect(await difficulty.inputValue()).toBe('');
    expect(await page.getByTestId('filter-tag').inputValue()).toBe('');
    expect(await page.getByTestId('reset-filters').isEnabled()).toBe(false);
    expect(await page.getByTestId('scenario-card').count()).toBe(1);
  });

  it('every filter control has a label', async () => {
    const { page } = app;
    for (const label of ['Search', 'Domain', 'Difficulty', 'Tag']) {
      expect(await page.getByLabel(label, { exact: true }).count()).toBe(1);
    }
  });

  it('reloads content and reports the outcome', async () => {
    const { page } = app;
    await page.getByTestId('reload-content').click();
    const notice = page.getByTestId('reload-notice');
    await notice.waitFor();
    const text = await notice.innerText();
    expect(text).toContain('Content reloaded');
    expect(text).toContain('1 unchanged');
    expect(text).toContain('No problems found');
    await app.screenshot('library-reloaded');
    await notice.getByRole('button', { name: 'Close message' }).click();
    expect(await page.getByTestId('reload-notice').count()).toBe(0);
  });

  it('opens a scenario from the keyboard and comes back with Escape', async () => {
    const { page } = app;
    const open = page.getByTestId('open-scenario').first();
    await open.focus();
    await page.keyboard.press('Enter');
    await expectText(page.getByTestId('scenario-title'), 'Insurance Claim Handling');

    // Focus moves to the scenario title; Escape from there returns to the library.
    await page.keyboard.press('Escape');
    await page.getByTestId('library-screen').waitFor();
    // Focus is back on the card that was opened.
    const focused = await page.evaluate(() => document.activeElement?.getAttribute('data-testid'));
    expect(focused).toBe('open-scenario');
  });

  it('reaches the first card with Tab and shows a focus ring', async () => {
    const { page } = app;
    await page.getByTestId('reset-filters').focus();
    // Reset is disabled (no filters), so start from the tag filter instead.
    await page.getByTestId('filter-tag').focus();
    await page.keyboard.press('Tab'); // reset filters is disabled and skipped
    const focused = await page.evaluate(() => document.activeElement?.getAttribute('data-testid'));
    expect(focused).toBe('open-scenario');
    const outline = await page
      .getByTestId('scenario-card')
      .first()
      .evaluate((element) => getComputedStyle(element).outlineStyle);
    expect(outline).toBe('solid');
    await app.screenshot('library-keyboard-focus');
  });

  it('shows a failed load in plain words, and recovers with Try again', async () => {
    const { page } = app;
    const failing = new Set(['scenarios.list', 'scenarios.reload']);
    await page.route('**/api/invoke', async (route) => {
      const { channel } = JSON.parse(route.request().postData() ?? '{}') as { channel?: string };
      if (!channel || !failing.has(channel)) return route.continue();
      await route.fulfill({
        status: 200,
        contentType: 'application/json',
        body: JSON.stringify({
          ok: false,
          error: { code: 'DATABASE_LOCKED', message: 'The database is in use by another program. Close it and try again.' },
        }),
      });
    });
    try {
      await page.reload();
      const error = page.getByTestId('library-error');
      await error.waitFor();
      expect(await error.innerText()).toContain('The database is in use by another program.');
      const notice = page.getByTestId('reload-notice');
      await notice.waitFor();
      expect(await notice.innerText()).toContain('Content could not be reloaded');
      await app.screenshot('library-error');
    } finally {
      await page.unroute('**/api/invoke');
    }
    await page.getByTestId('library-error').getByRole('button', { name: 'Try again' }).click();
    await page.getByTestId('scenario-card').first().waitFor();
  });
});

async function expectText(locator: { innerText(): Promise<string> }, text: string) {
  expect(await locator.innerText()).toContain(text);
}
