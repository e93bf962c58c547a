import { stemmer as porterStem } from 'stemmer';

/**
 * Text normalisation shared by keyword evaluation and safety-phrase detection: case,
 * accents, punctuation and simple English inflections do not change whether a phrase
 * "was said".
 */

const punctuationOrSymbol = /[\p{P}\p{S}]+/gu;
const combiningMarks = /\p{M}+/gu;
const latinWord = /^[a-z]+$/;

/** Lower-cases, removes accents from Latin letters and turns punctuation into spaces. */
export function normalizeText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(combiningMarks, '')
    .normalize('NFKC')
    .toLowerCase()
    .replace(/['’]/g, '')
    .replace(punctuationOrSymbol, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Porter stem for Latin-script words (claim/claims/claiming → claim); other scripts unchanged. */
export function stem(word: string): string {
  return latinWord.test(word) && word.length > 2 ? porterStem(word) : word;
}

/** Normalised, stemmed tokens of a text. */
export function tokens(text: string): string[] {
  const normalized = normalizeText(text);
  return normalized === '' ? [] : normalized.split(' ').map(stem);
}

const phraseTokenCache = new Map<string, string[]>();

/**
 * Tokens of a phrase that texts are searched for (a keyword, synonym, forbidden or risk
 * phrase). The same few dozen phrases are looked for in every answer, and tokenizing them
 * (normalising, stemming) costs more than the lookups, so their tokens are remembered.
 */
function phraseTokens(phrase: string): readonly string[] {
  let cached = phraseTokenCache.get(phrase);
  if (!cached) {
    // Phrases come from scenarios and settings, so the set is small; the bound is a safeguard.
    if (phraseTokenCache.size >= 10_000) phraseTokenCache.clear();
    cached = tokens(phrase);
    phraseTokenCache.set(phrase, cached);
  }
  return cached;
}

/** Tokens, pre-indexed for fast phrase lookups in long answers. */
export class TokenizedText {
  readonly tokens: string[];
  readonly #positions = new Map<string, number[]>();

  constructor(text: string) {
    this.tokens = tokens(text);
    this.tokens.forEach((token, index) => {
      const list = this.#positions.get(token);
      if (list) list.push(index);
      else this.#positions.set(token, [index]);
    });
  }

  /** Whether the phrase's tokens occur contiguously, in order. Scripts without spaces match by substring. */
  contains(phrase: string): boolean {
    const wanted = phraseTokens(phrase);
    if (wanted.length === 0) return false;
    const starts = this.#positions.get(wanted[0]!);
    if (starts) {
      for (const start of starts) {
        if (wanted.every((token, offset) => this.tokens[start + offset] === token)) return true;
      }
    }
    // Chinese, Japanese, Thai… have no spaces between words: fall back to substring search.
    if (wanted.some((token) => !/^[\p{Script=Latin}\p{N}]+$/u.test(token))) {
      return this.tokens.join(' ').includes(wanted.join(' '));
    }
    return false;
  }
}
