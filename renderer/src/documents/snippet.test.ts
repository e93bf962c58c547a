import { describe, expect, it } from 'vitest';
import { SNIPPET_MARK_END as E, SNIPPET_MARK_START as S } from '../../../shared/scenario/types';
import { splitSnippet, tidySnippetText } from './snippet';

describe('splitSnippet', () => {
  it('splits marked and plain runs', () => {
    expect(splitSnippet(`…pays for ${S}hail${E} damage ${S}after${E}`)).toEqual([
      { text: '…pays for ', marked: false },
      { text: 'hail', marked: true },
      { text: ' damage ', marked: false },
      { text: 'after', marked: true },
    ]);
  });

  it('keeps HTML-looking text as text', () => {
    expect(splitSnippet(`<img src=x onerror=alert(1)> ${S}<b>${E}`)).toEqual([
      { text: '<img src=x onerror=alert(1)> ', marked: false },
      { text: '<b>', marked: true },
    ]);
  });

  it('tolerates unbalanced marks and empty input', () => {
    expect(splitSnippet('')).toEqual([]);
    expect(splitSnippet(`a${E}b`)).toEqual([{ text: 'ab', marked: false }]);
    expect(splitSnippet(`a${S}b`)).toEqual([
      { text: 'a', marked: false },
      { text: 'b', marked: true },
    ]);
    expect(splitSnippet(`${S}${E}`)).toEqual([]);
  });
});

describe('tidySnippetText', () => {
  it('drops Markdown emphasis and code markers and heading hashes', () => {
    expect(tidySnippetText('**Comprehensive coverage** — `code` __x__')).toBe('Comprehensive coverage — code x');
    expect(tidySnippetText('## 5. Coverage\ntext')).toBe('5. Coverage\ntext');
  });
});
