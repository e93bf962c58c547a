import { sql, type Kysely } from 'kysely';

/*
 * Frozen once released. Indexes for the facilitator dashboard (covering the columns its
 * aggregates read, so 10,000 sessions are summarised from the index alone) and for
 * deleting messages, whose cascade to risk_detections otherwise scans that table per row.
 */
const statements = [
  `CREATE INDEX idx_risk_message ON risk_detections(message_id)`,
  `CREATE INDEX idx_sessions_report ON sessions(scenario_id, status, total_score, passed, flagged, started_at, completed_at, user_id, last_activity_at)`,
  `CREATE INDEX idx_sessions_user_report ON sessions(user_id, status, total_score, passed, flagged, started_at, completed_at, last_activity_at)`,
  `CREATE INDEX idx_sessions_flagged ON sessions(last_activity_at) WHERE flagged = 1`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const name of ['idx_sessions_flagged', 'idx_sessions_user_report', 'idx_sessions_report', 'idx_risk_message']) {
    await sql.raw(`DROP INDEX IF EXISTS ${name}`).execute(db);
  }
}
