import { describe, expect, it } from 'vitest';
import { chunkMarkdown, chunkPlainText, splitText } from './chunking';

const paragraph = (n: number, length = 300) => `Paragraph ${n}. ${'word '.repeat(Math.ceil(length / 5))}`.slice(0, length).trim();

describe('chunkMarkdown', () => {
  it('keeps the heading path of each section', () => {
    const text = 'Preamble line.\n\n# Guide\n\nIntro.\n\n## Details\n\nDetail text.\n\n### Deeper\n\nDeep text.\n\n## Other ##\n\nOther text.\n';
    expect(chunkMarkdown(text)).toEqual([
      { heading: '', content: 'Preamble line.' },
      { heading: 'Guide', content: 'Intro.' },
      { heading: 'Guide > Details', content: 'Detail text.' },
      { heading: 'Guide > Details > Deeper', content: 'Deep text.' },
      { heading: 'Guide > Other', content: 'Other text.' },
    ]);
  });

  it('does not take lines in fenced code for headings, and reads setext headings', () => {
    const text = 'Title\n=====\n\nText.\n\n```bash\n# not a heading\necho hi\n```\n\nSection\n-------\n\nMore.\n';
    const chunks = chunkMarkdown(text);
    expect(chunks.map((c) => c.heading)).toEqual(['Title', 'Title > Section']);
    expect(chunks[0]!.content).toContain('# not a heading');
  });

  it('skips headings without text under them', () => {
    expect(chunkMarkdown('# A\n\n## B\n\nBody.\n')).toEqual([{ heading: 'A > B', content: 'Body.' }]);
  });

  it('splits a long section at paragraph boundaries into chunks of at most 1200 characters', () => {
    const paragraphs = Array.from({ length: 12 }, (_, i) => paragraph(i + 1));
    const chunks = chunkMarkdown(`# Long\n\n${paragraphs.join('\n\n')}\n`);
    expect(chunks.length).toBe(4);
    for (const chunk of chunks) {
      expect(chunk.heading).toBe('Long');
      expect(chunk.content.length).toBeLessThanOrEqual(1200);
      expect(chunk.content.length).toBeGreaterThanOrEqual(800);
    }
    // Every paragraph survives whole, in order.
    expect(chunks.map((c) => c.content).join('\n\n')).toBe(paragraphs.join('\n\n'));
  });

  it('splits a single huge paragraph at sentence ends', () => {
    const sentence = 'This sentence is exactly fifty characters long ok. ';
    const chunks = splitText(sentence.repeat(60).trim());
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) {
      expect(chunk.length).toBeLessThanOrEqual(1200);
      expect(chunk.endsWith('ok.')).toBe(true);
    }
  });

  it('cuts text with no spaces at all without losing characters', () => {
    const text = '字'.repeat(3000);
    const chunks = splitText(text);
    expect(chunks.every((c) => c.length <= 1200)).toBe(true);
    expect(chunks.join('')).toBe(text);
  });
});

describe('chunkPlainText', () => {
  it('chunks by paragraphs with no heading', () => {
    const chunks = chunkPlainText('First paragraph.\r\n\r\nSecond paragraph.\n');
    expect(chunks).toEqual([{ heading: '', content: 'First paragraph.\n\nSecond paragraph.' }]);
    expect(chunkPlainText('   \n\n  ')).toEqual([]);
  });
});
