/** Small text helpers for LLM replies: token estimates, reasoning blocks, JSON extraction. */

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** Rough token count when the server reports none: about 4 characters per token. */
export function estimateTokens(text: string): number {
  return text.length === 0 ? 0 : Math.ceil(text.length / 4);
}

/** Rough prompt size: the text plus a few tokens of framing per message. */
export function estimatePromptTokens(messages: ReadonlyArray<ChatMessage>): number {
  return messages.reduce((sum, message) => sum + estimateTokens(message.content) + 4, 2);
}

const OPEN = '<think>';
const CLOSE = '</think>';

/**
 * Hides a leading `<think>…</think>` block, which reasoning models served by Ollama,
 * llama.cpp or LM Studio (DeepSeek-R1, Qwen3, …) put before the actual reply, so the
 * trainee only sees what the persona says. Works on streamed deltas: `push` returns the
 * visible part of each delta, `flush` whatever was held back at the end.
 */
export class ThinkFilter {
  private state: 'start' | 'thinking' | 'after' | 'pass' = 'start';
  private buffer = '';

  push(delta: string): string {
    if (this.state === 'pass') return delta;
    this.buffer += delta;
    if (this.state === 'start') {
      const trimmed = this.buffer.trimStart();
      if (trimmed.length < OPEN.length && OPEN.startsWith(trimmed)) return ''; // maybe a tag; wait
      if (!trimmed.startsWith(OPEN)) return this.release('pass');
      this.state = 'thinking';
      this.buffer = trimmed.slice(OPEN.length);
    }
    if (this.state === 'thinking') {
      const end = this.buffer.indexOf(CLOSE);
      if (end < 0) {
        // Keep only what could be the start of the closing tag.
        this.buffer = this.buffer.slice(-(CLOSE.length - 1));
        return '';
      }
      this.buffer = this.buffer.slice(end + CLOSE.length);
      this.state = 'after';
    }
    // After the block: drop the blank lines before the reply.
    const rest = this.buffer.trimStart();
    if (rest.length === 0) {
      this.buffer = '';
      return '';
    }
    this.buffer = rest;
    return this.release('pass');
  }

  /** End of stream: an unfinished tag prefix is shown; an unclosed block stays hidden. */
  flush(): string {
    if (this.state === 'start') return this.release('pass');
    this.buffer = '';
    return '';
  }

  private release(next: 'pass'): string {
    this.state = next;
    const out = this.buffer;
    this.buffer = '';
    return out;
  }
}

/** Removes a complete `<think>…</think>` block at the start of a whole reply. */
export function stripThinking(text: string): string {
  const filter = new ThinkFilter();
  return filter.push(text) + filter.flush();
}

/**
 * Finds the JSON object in a model's answer: the whole text, a ```json fenced block, or
 * the span from the first "{" to the last "}". Throws SyntaxError if none parses.
 */
export function extractJson(text: string): unknown {
  const cleaned = stripThinking(text).trim();
  const candidates: string[] = [cleaned];
  const fence = /```(?:json|JSON)?\s*\n?([\s\S]*?)```/.exec(cleaned);
  if (fence?.[1]) candidates.push(fence[1].trim());
  const first = cleaned.indexOf('{');
  const last = cleaned.lastIndexOf('}');
  if (first >= 0 && last > first) candidates.push(cleaned.slice(first, last + 1));
  for (const candidate of candidates) {
    try {
      return JSON.parse(candidate);
    } catch {
      // try the next candidate
    }
  }
  throw new SyntaxError('The answer contains no valid JSON object.');
}
