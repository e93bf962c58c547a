import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { SNIPPET_MARK_END, SNIPPET_MARK_START } from '../../../shared/scenario/types';
import type { AppDatabase } from '../db/open-database';
import { syncContent } from './library';
import { getDocument, getScenario, listScenarios, retrieveChunks, searchDocuments } from './queries';
import { minimalScenarioYaml, openTestDatabase, specExampleGuide, specExampleYaml, tempDir, writeFiles } from './testing/fixtures';

let app: AppDatabase;
let cleanup: () => void;

beforeAll(async () => {
  const temp = tempDir();
  cleanup = temp.cleanup;
  app = await openTestDatabase(temp.dir);
  const content = path.join(temp.dir, 'content');
  writeFiles(content, {
    'claims/scenario.yaml': specExampleYaml,
    'claims/docs/claim-guide.md': specExampleGuide,
    'world/scenario.yaml': minimalScenarioYaml('world.v1', {
      title: 'A world tour',
      extra: 'tags: [travel]\ndocuments:\n  - file: notes.txt\n    title: Travel notes\n',
    }),
    'world/notes.txt':
      'Привет, как дела? Мы говорим о страховом полисе.\n\n東京の天気は晴れです。\n\nLa política de privacidad está aquí. Policy numbers start with PN.\n',
  });
  const result = await syncContent(app.db, [{ dir: content, origin: 'bundled' }]);
  expect(result).toMatchObject({ loaded: 2, problems: [] });
});

afterAll(async () => {
  await app.close();
  cleanup();
});

describe('listScenarios and getScenario', () => {
  it('lists summaries ordered by title with step and document counts', async () => {
    const list = await listScenarios(app.db);
    expect(list).toEqual([
      {
        id: 'world.v1',
        title: 'A world tour',
        description: 'A generated scenario for tests.',
        domain: 'testing',
        version: '1.0.0',
        difficulty: 'beginner',
        durationMinutes: null,
        tags: ['travel'],
        variant: 'A',
        origin: 'bundled',
        stepCount: 2,
        documentCount: 1,
      },
      expect.objectContaining({ id: 'insurance.claim_handling.v1', durationMinutes: 30, tags: ['customer-service', 'claims'], stepCount: 1, documentCount: 1 }),
    ]);
  });

  it('returns the definition and documents of one scenario', async () => {
    const detail = await getScenario(app.db, 'insurance.claim_handling.v1');
    expect(detail.summary.title).toBe('Insurance Claim Handling');
    expect(detail.definition.persona.name).toBe('Dana Miller');
    expect(detail.definition.steps[0]!.pass_score).toBe(60);
    expect(detail.documents).toEqual([{ id: expect.any(Number), title: 'Claim Handling Guide', path: 'docs/claim-guide.md', format: 'md' }]);
    const document = await getDocument(app.db, detail.documents[0]!.id);
    expect(document).toMatchObject({ scenarioId: 'insurance.claim_handling.v1', format: 'md', content: specExampleGuide });
  });

  it('throws NOT_FOUND with a readable message for unknown ids', async () => {
    await expect(getScenario(app.db, 'nope')).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('"nope"') });
    await expect(getScenario(app.db, 'nope')).rejects.toBeInstanceOf(AppError);
    await expect(getDocument(app.db, 999_999)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('searchDocuments', () => {
  it('finds a phrase and marks the matched words in the snippet', async () => {
    const hits = await searchDocuments(app.db, { query: 'phone number' });
    expect(hits).toHaveLength(1);
    const [best] = hits;
    expect(best).toMatchObject({
      scenarioId: 'insurance.claim_handling.v1',
      documentTitle: 'Claim Handling Guide',
      heading: 'Claim Handling Guide > Required details',
    });
    expect(best!.snippet).toContain(`${SNIPPET_MARK_START}phone${SNIPPET_MARK_END} ${SNIPPET_MARK_START}number${SNIPPET_MARK_END}`);
    expect(best!.snippet).not.toMatch(/<|>/);
    // Both documents mention policy numbers (the stemmer matches "numbers" too).
    const policy = await searchDocuments(app.db, { query: 'policy number' });
    expect(policy.map((hit) => hit.documentTitle).sort()).toEqual(['Claim Handling Guide', 'Travel notes']);
  });

  it('matches the last word as a prefix while typing, and filters by scenario', async () => {
    expect((await searchDocuments(app.db, { query: 'empath' })).map((h) => h.heading)).toEqual(['Claim Handling Guide > Empathy']);
    const all = await searchDocuments(app.db, { query: 'policy' });
    expect(new Set(all.map((h) => h.scenarioId))).toEqual(new Set(['insurance.claim_handling.v1', 'world.v1']));
    const onlyWorld = await searchDocuments(app.db, { query: 'policy', scenarioId: 'world.v1' });
    expect(onlyWorld.map((h) => h.scenarioId)).toEqual(['world.v1']);
    expect(await searchDocuments(app.db, { query: 'policy', limit: 1 })).toHaveLength(1);
  });

  it("builds each hit's snippet from that hit's own chunk", async () => {
    const hits = await searchDocuments(app.db, { query: 'policy' });
    expect(hits.length).toBeGreaterThan(1);
    const chunks = await app.db.selectFrom('document_chunks').select(['id', 'content']).execute();
    const contentOf = new Map(chunks.map((chunk) => [chunk.id, chunk.content]));
    for (const hit of hits) {
      const plain = hit.snippet.replaceAll(SNIPPET_MARK_START, '').replaceAll(SNIPPET_MARK_END, '').replace(/^…|…$/g, '');
      expect(contentOf.get(hit.chunkId)).toContain(plain.trim().slice(0, 40));
    }
    expect(new Set(hits.map((hit) => hit.snippet)).size).toBe(hits.length);
  });

  it('finds non-Latin text', async () => {
    const [russian] = await searchDocuments(app.db, { query: 'привет' });
    expect(russian?.snippet).toContain(`${SNIPPET_MARK_START}Привет${SNIPPET_MARK_END}`);
    expect(await searchDocuments(app.db, { query: '東京の天気は晴れです' })).toHaveLength(1);
    expect(await searchDocuments(app.db, { query: 'politica' })).toHaveLength(1);
  });

  it('accepts any input without error', async () => {
    const hostile = [
      ':)', '"', '"unbalanced', "it's", '*', '**', 'policy*', 'NEAR', 'NEAR(policy number)', 'policy NEAR number',
      'AND', 'OR', 'NOT', 'policy AND', 'OR policy', 'NOT policy', 'policy -number', '-', '^', '^policy', 'content:',
      'content:policy', 'heading: Empathy', '{heading content}: policy', '(', ')', '(policy', '[]', '{}', '\\', '\0',
      '', '   ', '\n\t', '💥'.repeat(50), 'x'.repeat(1000), '!@#$%^&*()_+={}[]|\\:;"\'<>,.?/~`'.repeat(30).slice(0, 1000),
      Array.from({ length: 1000 }, (_, i) => String.fromCharCode(33 + (i * 7919) % 5000)).join(''),
      'ि', '\u{1E030}', 'नमस्ते', 'مرحبا', '中文 AND "日本"', 'ÆØÅ', 'SELECT * FROM documents; --', "' OR 1=1 --",
    ];
    for (const query of hostile) {
      const hits = await searchDocuments(app.db, { query });
      expect(Array.isArray(hits), query).toBe(true);
    }
    expect(await searchDocuments(app.db, { query: '' })).toEqual([]);
    expect(await searchDocuments(app.db, { query: '   ' })).toEqual([]);
    expect(await searchDocuments(app.db, { query: ':) * ^ - "' })).toEqual([]);
    // A column filter is not obeyed: "content" becomes a word no chunk contains, so nothing matches.
    expect((await searchDocuments(app.db, { query: 'content:policy' })).length).toBe(0);
    expect((await searchDocuments(app.db, { query: '"policy number' })).length).toBeGreaterThan(0);
  });
});

describe('retrieveChunks', () => {
  it('returns the best chunks of one scenario for free text, any word matching', async () => {
    const chunks = await retrieveChunks(app.db, {
      scenarioId: 'insurance.claim_handling.v1',
      text: 'The caller is upset; should I tell them to calm down?',
      k: 2,
    });
    expect(chunks.length).toBeGreaterThanOrEqual(1);
    expect(chunks.length).toBeLessThanOrEqual(2);
    expect(chunks[0]!.heading).toBe('Claim Handling Guide > Empathy');
    expect(chunks[0]!.content).toContain('calm down');
    expect(typeof chunks[0]!.score).toBe('number');
    expect(await retrieveChunks(app.db, { scenarioId: 'world.v1', text: 'calm down', k: 5 })).toEqual([]);
    expect(await retrieveChunks(app.db, { scenarioId: 'world.v1', text: ':) NEAR(" *', k: 5 })).toEqual([]);
  });
});
