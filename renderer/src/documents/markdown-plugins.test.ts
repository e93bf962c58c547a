import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import Markdown from 'react-markdown';
import { describe, expect, it } from 'vitest';
import { documentRemarkPlugins } from './markdown-plugins';

const render = (markdown: string) => renderToStaticMarkup(createElement(Markdown, { remarkPlugins: documentRemarkPlugins }, markdown));

describe('document Markdown plugins', () => {
  it('turns pipe tables into tables, keeping inline Markdown in cells', () => {
    const html = render(['| Avoid | Why |', '|:------|----:|', '| "Calm down." | Sounds **dismissive** |', '| `code` | x |'].join('\n'));
    expect(html).toContain('<table>');
    expect(html).toMatch(/<th style="text-align:left">Avoid<\/th>/);
    expect(html).toMatch(/<th style="text-align:right">Why<\/th>/);
    expect(html).toContain('<td style="text-align:right">Sounds <strong>dismissive</strong></td>');
    expect(html).toContain('<code>code</code>');
    expect(html).not.toContain('|');
  });

  it('pads short rows and leaves non-tables alone', () => {
    const html = render('| a | b |\n|---|---|\n| only |');
    expect(html).toContain('<td>only</td><td></td>');
    expect(render('a | b\nc | d')).toBe('<p>a | b\nc | d</p>');
    expect(render('| a | b |\n| not a delimiter |')).toContain('<p>');
    expect(render('| a |')).toContain('<p>');
  });

  it('renders task-list items with a checkbox instead of "[ ]"', () => {
    const html = render('- [ ] open item\n- [x] done item\n- plain item');
    expect(html).toContain('type="checkbox"');
    expect(html).toContain('checked=""');
    expect(html).not.toContain('[ ]');
    expect(html).not.toContain('[x]');
    expect(html).toContain('plain item');
  });

  it('never renders raw HTML from a document', () => {
    const html = render('<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n| <b>x</b> | y |\n|---|---|');
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b>');
  });
});
