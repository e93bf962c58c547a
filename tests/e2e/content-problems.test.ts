import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundledContentDir } from '../../electron/main/paths';
import { startE2eApp, type E2eApp } from './harness';

// Line 6 has a difficulty the schema does not know.
const badSchema = (difficulty: string) => `id: broken.scenario
title: Broken Scenario
description: A scenario with a mistake in it.
domain: testing
version: 1.0.0
difficulty: ${difficulty}
persona:
  name: Pat Tester
  role: Someone who tests things
steps:
  - id: hello
    persona_says: Hello there.
    goal: Say hello back.
`;

// Line 3 opens a flow sequence that never closes.
const badSyntax = `id: syntax.broken
title: Syntax Broken
tags: [one, two
description: never reached
`;

/** Scenario validation problems reach the user, and stay reachable until fixed. */
describe('content problems (browser mode)', () => {
  let app: E2eApp;
  let contentDir: string;

  beforeAll(async () => {
    contentDir = mkdtempSync(join(tmpdir(), 'chattrain-e2e-content-'));
    cpSync(join(bundledContentDir(), 'insurance.claim_handling.v1'), join(contentDir, 'insurance.claim_handling.v1'), { recursive: true });
    mkdirSync(join(contentDir, 'broken.scenario'));
    writeFileSync(join(contentDir, 'broken.scenario', 'scenario.yaml'), badSchema('expert'));
    mkdirSync(join(contentDir, 'syntax.broken'));
    writeFileSync(join(contentDir, 'syntax.broken', 'scenario.yaml'), badSyntax);
    app = await startE2eApp({ contentDir });
    await app.page.getByTestId('problems-panel').waitFor();
  });

  afterAll(async () => {
    await app?.close();
    rmSync(contentDir, { recursive: true, force: true });
  });

  it('lists each problem with file, line, column, path and message', async () => {
    const { page } = app;
    const panel = page.getByTestId('problems-panel');
    const text = await panel.innerText();
    expect(text).toMatch(/content problems? in 2 files/);

    const schemaProblem = page.getByTestId('problem').filter({ hasText: 'broken.scenario' });
    expect(await schemaProblem.count()).toBeGreaterThanOrEqual(1);
    const schemaText = await schemaProblem.first().innerText();
    expect(schemaText).toMatch(/broken\.scenario[\\/]scenario\.yaml:6:\d+/);
    expect(schemaText).toContain('difficulty');

    const syntaxProblem = page.getByTestId('problem').filter({ hasText: 'syntax.broken' });
    expect(await syntaxProblem.count()).toBeGreaterThanOrEqual(1);
    expect(await syntaxProblem.first().innerText()).toMatch(/syntax\.broken[\\/]scenario\.yaml:\d+:\d+/);

    // The good scenario still loads beside the broken ones.
    expect(await page.getByTestId('scenario-card').count()).toBe(1);
    expect(await page.getByTestId('scenario-card').innerText()).toContain('Insurance Claim Handling');
    await app.screenshot('problems-panel');
  });

  it('can be hidden and brought back', async () => {
    const { page } = app;
    await page.getByTestId('hide-problems').click();
    const collapsed = page.getByTestId('problems-collapsed');
    await collapsed.waitFor();
    expect(await collapsed.innerText()).toMatch(/content problems? in 2 files/);
    expect(await page.getByTestId('problems-panel').count()).toBe(0);
    await app.screenshot('problems-collapsed');

    await page.getByTestId('show-problems').click();
    await page.getByTestId('problems-panel').waitFor();
  });

  it('survives a trip to the scenario and back', async () => {
    const { page } = app;
    await page.getByTestId('open-scenario').first().click();
    await page.getByTestId('scenario-title').waitFor();
    await page.getByTestId('back-to-library').click();
    await page.getByTestId('problems-panel').waitFor();
  });

  it('reports the problems again on reload, and clears them once the files are fixed', async () => {
    const { page } = app;
    await page.getByTestId('reload-content').click();
    const notice = page.getByTestId('reload-notice');
    await notice.waitFor();
    expect(await notice.innerText()).toMatch(/problems? found/);
    await app.screenshot('problems-after-reload');

    writeFileSync(join(contentDir, 'broken.scenario', 'scenario.yaml'), badSchema('advanced'));
    rmSync(join(contentDir, 'syntax.broken'), { recursive: true, force: true });
    await page.getByTestId('reload-content').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="reload-notice"]')?.textContent?.includes('No problems found'));
    expect(await page.getByTestId('problems-panel').count()).toBe(0);
    await page.getByTestId('scenario-card').nth(1).waitFor();
    const titles = await page.getByTestId('scenario-card').locator('h2').allInnerTexts();
    expect(titles).toEqual(expect.arrayContaining(['Broken Scenario', 'Insurance Claim Handling']));
    await app.screenshot('problems-fixed');
  });
});
