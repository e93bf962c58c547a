import { newId } from '../db/ids';
import type { Kysely, Transaction } from 'kysely';
import type { Database, MessageRow, NewMessage } from '../db/schema';

type Executor = Kysely<Database> | Transaction<Database>;

export type MessageDraft = Omit<NewMessage, 'id' | 'created_at'> & { id?: string; created_at?: string };

/** Appends one message to a session's transcript and returns its id. */
export async function appendMessage(db: Executor, draft: MessageDraft): Promise<string> {
  const id = draft.id ?? newId();
  await db
    .insertInto('messages')
    .values({ ...draft, id, created_at: draft.created_at ?? new Date().toISOString() })
    .execute();
  return id;
}

/** The transcript of a session in order. */
export function listMessages(db: Executor, sessionId: string): Promise<MessageRow[]> {
  return db.selectFrom('messages').selectAll().where('session_id', '=', sessionId).orderBy('seq').execute();
}
