import { newId } from '../db/ids';
import type { Kysely } from 'kysely';
import type { Scenario } from '../../../shared/scenario/schema';
import { retrieveChunks } from '../content/queries';
import type { CoreEvents } from '../core-events';
import type { Database } from '../db/schema';
import { isLlmError, personaMessages, personaSampling } from '../llm';
import type { ProviderService } from '../llm/provider-service';
import { log } from '../logging';
import { openingLine, retryLine } from './offline-persona';

/** After this many failed LLM replies in a row, the session continues on the offline persona. */
export const MAX_CONSECUTIVE_LLM_FAILURES = 2;

interface RunningReply {
  messageId: string;
  controller: AbortController;
  done: Promise<void>;
  /** The text streamed so far, so a page reloaded mid-reply shows it. */
  partial: string;
}

/**
 * Produces LLM persona replies for messages the engine stored as `streaming`: streams the
 * tokens to the renderer, then stores the reply with its token counts and timing. Stop
 * keeps what arrived (`stopped`); a failure keeps it too (`failed`), says what happened in
 * the transcript, and after repeated failures switches the session to the offline persona.
 */
export class LlmPersonaRunner {
  readonly #running = new Map<string, RunningReply>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly provider: ProviderService,
    private readonly events: CoreEvents,
    private readonly now: () => Date,
  ) {}

  isRunning(messageId: string): boolean {
    return [...this.#running.values()].some((reply) => reply.messageId === messageId);
  }

  /** The text a running reply has produced so far (null when it is not running). */
  partialText(messageId: string): string | null {
    return [...this.#running.values()].find((reply) => reply.messageId === messageId)?.partial ?? null;
  }

  /** Starts producing the reply; resolves when it is stored (the IPC call does not wait for it). */
  start(sessionId: string, messageId: string, scenario: Scenario): Promise<void> {
    const controller = new AbortController();
    const done = this.#produce(sessionId, messageId, scenario, controller.signal).finally(() => {
      if (this.#running.get(sessionId)?.messageId === messageId) this.#running.delete(sessionId);
      this.events.emit('session.updated', { sessionId });
    });
    this.#running.set(sessionId, { messageId, controller, done, partial: '' });
    return done;
  }

  /** Stops the reply being streamed in this session (if any) and waits until it is stored. */
  async stop(sessionId: string): Promise<void> {
    const running = this.#running.get(sessionId);
    if (!running) return;
    running.controller.abort();
    await running.done;
  }

  /** Waits for every reply in flight (tests). */
  async settle(): Promise<void> {
    await Promise.all([...this.#running.values()].map((reply) => reply.done));
  }

  /** Stops every reply in flight and waits until each is stored (shutdown). */
  async stopAll(): Promise<void> {
    for (const reply of this.#running.values()) reply.controller.abort();
    await this.settle();
  }

  async #produce(sessionId: string, messageId: string, scenario: Scenario, signal: AbortSignal): Promise<void> {
    const message = await this.db.selectFrom('messages').select(['step_id', 'seq', 'metadata_json']).where('id', '=', messageId).executeTakeFirstOrThrow();
    const stepIndex = scenario.steps.findIndex((step) => step.id === message.step_id);
    const step = scenario.steps[stepIndex];
    const metadata = JSON.parse(message.metadata_json) as { situation?: 'opening' | 'follow_up' };
    const situation = metadata.situation ?? 'opening';
    const history = await this.db
      .selectFrom('messages')
      .select(['role', 'content'])
      .where('session_id', '=', sessionId)
      .where('seq', '<', message.seq)
      .where('status', 'in', ['complete', 'stopped'])
      .orderBy('seq')
      .execute();
    const started = this.now();

    try {
      if (!step) throw new Error('the step of this reply is no longer in the scenario');
      const active = await this.provider.activeClient();
      if (!active) {
        await this.#fail(sessionId, messageId, scenario, '', 'No LLM provider is configured any more.', null);
        return;
      }
      const retrieved = scenario.llm?.use_documents
        ? await retrieveChunks(this.db, { scenarioId: scenario.id, text: `${step.goal} ${step.persona_says}`, k: 3 })
        : [];
      const reply = await active.client.streamChat({
        messages: personaMessages({ scenario, step, stepIndex, history, situation, retrieved: retrieved.map((chunk) => ({ title: chunk.documentTitle, heading: chunk.heading, content: chunk.content })) }),
        ...personaSampling(active.config, scenario),
        signal,
        onToken: (delta) => {
          const running = this.#running.get(sessionId);
          if (running?.messageId === messageId) running.partial += delta;
          this.events.emit('session.token', { sessionId, messageId, delta });
        },
      });
      await this.db.transaction().execute(async (trx) => {
        await trx
          .updateTable('messages')
          .set({
            content: reply.content,
            status: 'complete',
            prompt_tokens: reply.promptTokens,
            completion_tokens: reply.completionTokens,
            response_ms: Math.round(reply.responseMs),
            metadata_json: JSON.stringify({ situation, firstTokenMs: reply.firstTokenMs === null ? null : Math.round(reply.firstTokenMs), usageEstimated: reply.usageEstimated, retrievedChunkIds: retrieved.map((chunk) => chunk.chunkId) }),
          })
          .where('id', '=', messageId)
          .execute();
        await this.#setFailures(trx, sessionId, 0);
      });
    } catch (error) {
      if (isLlmError(error) && error.kind === 'cancelled') {
        await this.db
          .updateTable('messages')
          .set({
            content: error.partialContent ?? '',
            status: 'stopped',
            prompt_tokens: error.partialStats?.promptTokens ?? null,
            completion_tokens: error.partialStats?.completionTokens ?? null,
            response_ms: Math.round(this.now().getTime() - started.getTime()),
            metadata_json: JSON.stringify({ situation, stoppedByTrainee: true }),
          })
          .where('id', '=', messageId)
          .execute();
        return;
      }
      const text = isLlmError(error) ? error.message : 'The AI persona failed unexpectedly.';
      if (!isLlmError(error)) log.error('LLM persona failed', error);
      await this.#fail(sessionId, messageId, scenario, isLlmError(error) ? (error.partialContent ?? '') : '', text, isLlmError(error) ? error.kind : null);
    }
  }

  async #fail(sessionId: string, messageId: string, scenario: Scenario, partial: string, why: string, kind: string | null): Promise<void> {
    const now = this.now().toISOString();
    // Provider messages may end with a quoted server text; close the sentence before ours follows.
    const reason = /[.!?]["”')\]]?$/.test(why.trim()) ? why.trim() : `${why.trim()}.`;
    await this.db.transaction().execute(async (trx) => {
      const message = await trx.selectFrom('messages').select(['step_id', 'metadata_json']).where('id', '=', messageId).executeTakeFirstOrThrow();
      const metadata = JSON.parse(message.metadata_json) as { situation?: 'opening' | 'follow_up' };
      await trx
        .updateTable('messages')
        .set({ content: partial, status: 'failed', metadata_json: JSON.stringify({ ...metadata, error: { kind, message: reason } }) })
        .where('id', '=', messageId)
        .execute();
      const session = await trx.selectFrom('sessions').select(['metadata_json', 'user_id']).where('id', '=', sessionId).executeTakeFirstOrThrow();
      const failures = ((JSON.parse(session.metadata_json) as { llmFailures?: number }).llmFailures ?? 0) + 1;
      await this.#setFailures(trx, sessionId, failures);
      const seq = await nextSeq(trx, sessionId);
      if (failures < MAX_CONSECUTIVE_LLM_FAILURES) {
        await insertSystem(trx, sessionId, seq, `The AI persona's reply failed: ${reason} Your answers are kept. Press “Retry reply” to try again, or keep going.`, now);
        return;
      }
      // Repeated failures: keep the trainee practising with the offline persona.
      await trx.updateTable('sessions').set({ engine: 'offline', updated_at: now }).where('id', '=', sessionId).execute();
      await insertSystem(trx, sessionId, seq, `The AI persona failed ${failures} times in a row. ${reason} The session continues with the offline persona; your progress is kept.`, now);
      const step = scenario.steps.find((candidate) => candidate.id === message.step_id);
      if (step) {
        const attempts = await trx.selectFrom('step_progress').select('attempts').where('session_id', '=', sessionId).where('step_id', '=', step.id).executeTakeFirst();
        const line = metadata.situation === 'follow_up' ? retryLine(step, attempts?.attempts ?? 1) : openingLine(step);
        await trx
          .insertInto('messages')
          .values({ id: newId(), session_id: sessionId, seq: seq + 1, role: 'persona', content: line, step_id: step.id, engine: 'offline', prompt_tokens: null, completion_tokens: null, response_ms: 0, created_at: now })
          .execute();
      }
      await trx.insertInto('activity_log').values({ type: 'error_occurred', user_id: session.user_id, session_id: sessionId, details_json: JSON.stringify({ what: 'llm_persona', kind, fellBackToOffline: true }), created_at: now }).execute();
    });
  }

  async #setFailures(trx: Kysely<Database>, sessionId: string, failures: number): Promise<void> {
    const session = await trx.selectFrom('sessions').select('metadata_json').where('id', '=', sessionId).executeTakeFirstOrThrow();
    const metadata = JSON.parse(session.metadata_json) as Record<string, unknown>;
    if ((metadata.llmFailures ?? 0) === failures) return;
    await trx.updateTable('sessions').set({ metadata_json: JSON.stringify({ ...metadata, llmFailures: failures }) }).where('id', '=', sessionId).execute();
  }
}

async function nextSeq(trx: Kysely<Database>, sessionId: string): Promise<number> {
  const row = await trx.selectFrom('messages').select((eb) => eb.fn.max('seq').as('maxSeq')).where('session_id', '=', sessionId).executeTakeFirst();
  return row?.maxSeq === null || row?.maxSeq === undefined ? 0 : Number(row.maxSeq) + 1;
}

function insertSystem(trx: Kysely<Database>, sessionId: string, seq: number, content: string, now: string) {
  return trx
    .insertInto('messages')
    .values({ id: newId(), session_id: sessionId, seq, role: 'system', content, step_id: null, engine: null, prompt_tokens: null, completion_tokens: null, response_ms: null, created_at: now })
    .execute();
}
