import { sql, type Kysely } from 'kysely';

/*
 * Frozen: once released this file is never edited. Later changes get their own migration.
 * Plain SQL because CHECK constraints, FTS5 and views are clearer written out than built.
 */
const statements = [
  `CREATE TABLE users (
    id TEXT PRIMARY KEY,
    display_name TEXT NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
    role TEXT NOT NULL CHECK (role IN ('trainee', 'facilitator', 'trainer')),
    pin_hash TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  ) STRICT`,

  `CREATE TABLE scenarios (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    domain TEXT NOT NULL,
    version TEXT NOT NULL,
    difficulty TEXT NOT NULL CHECK (difficulty IN ('beginner', 'intermediate', 'advanced')),
    duration_minutes INTEGER CHECK (duration_minutes IS NULL OR duration_minutes > 0),
    tags_json TEXT NOT NULL DEFAULT '[]',
    variant TEXT NOT NULL DEFAULT 'A' CHECK (variant IN ('A', 'B')),
    definition_json TEXT NOT NULL,
    origin TEXT NOT NULL CHECK (origin IN ('bundled', 'imported')),
    source_path TEXT NOT NULL,
    checksum TEXT NOT NULL,
    loaded_at TEXT NOT NULL
  ) STRICT`,
  `CREATE INDEX idx_scenarios_domain ON scenarios(domain)`,
  `CREATE UNIQUE INDEX idx_scenarios_source_path ON scenarios(source_path)`,

  `CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    scenario_id TEXT NOT NULL REFERENCES scenarios(id) ON DELETE CASCADE,
    path TEXT NOT NULL,
    title TEXT NOT NULL,
    format TEXT NOT NULL CHECK (format IN ('md', 'txt', 'pdf')),
    content TEXT NOT NULL,
    checksum TEXT NOT NULL,
    UNIQUE (scenario_id, path)
  ) STRICT`,

  `CREATE TABLE document_chunks (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    heading TEXT NOT NULL DEFAULT '',
    content TEXT NOT NULL,
    UNIQUE (document_id, ordinal)
  ) STRICT`,
  // External-content FTS5 index kept in step by triggers, so chunk text is stored once.
  `CREATE VIRTUAL TABLE document_chunks_fts USING fts5(
    heading, content,
    content='document_chunks', content_rowid='id',
    tokenize='porter unicode61 remove_diacritics 2'
  )`,
  `CREATE TRIGGER document_chunks_ai AFTER INSERT ON document_chunks BEGIN
    INSERT INTO document_chunks_fts(rowid, heading, content) VALUES (new.id, new.heading, new.content);
  END`,
  `CREATE TRIGGER document_chunks_ad AFTER DELETE ON document_chunks BEGIN
    INSERT INTO document_chunks_fts(document_chunks_fts, rowid, heading, content) VALUES ('delete', old.id, old.heading, old.content);
  END`,
  `CREATE TRIGGER document_chunks_au AFTER UPDATE ON document_chunks BEGIN
    INSERT INTO document_chunks_fts(document_chunks_fts, rowid, heading, content) VALUES ('delete', old.id, old.heading, old.content);
    INSERT INTO document_chunks_fts(rowid, heading, content) VALUES (new.id, new.heading, new.content);
  END`,

  // The exact definition each session was played from, stored once per distinct content.
  // Sessions keep working (resume, reports, bundles) after their scenario file changes or
  // disappears, and a laptop that never had the file can still show an imported session.
  `CREATE TABLE scenario_versions (
    checksum TEXT PRIMARY KEY,
    scenario_id TEXT NOT NULL,
    version TEXT NOT NULL,
    definition_json TEXT NOT NULL,
    first_seen_at TEXT NOT NULL
  ) STRICT`,

  // scenario_id is not a foreign key on purpose: a session outlives the scenario file it
  // was played from (removed packs, edited content); version and variant pin what was played.
  `CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    scenario_id TEXT NOT NULL,
    scenario_version TEXT NOT NULL,
    scenario_checksum TEXT NOT NULL REFERENCES scenario_versions(checksum),
    variant TEXT NOT NULL CHECK (variant IN ('A', 'B')),
    status TEXT NOT NULL CHECK (status IN ('created', 'in_progress', 'completed', 'abandoned', 'error')),
    completion_reason TEXT CHECK (completion_reason IS NULL OR completion_reason IN ('all_steps_finished', 'time_limit', 'user_exit', 'system_error')),
    engine TEXT NOT NULL DEFAULT 'offline' CHECK (engine IN ('offline', 'llm')),
    current_step_index INTEGER NOT NULL DEFAULT 0 CHECK (current_step_index >= 0),
    total_score REAL CHECK (total_score IS NULL OR total_score BETWEEN 0 AND 100),
    passed INTEGER CHECK (passed IS NULL OR passed IN (0, 1)),
    flagged INTEGER NOT NULL DEFAULT 0 CHECK (flagged IN (0, 1)),
    started_at TEXT,
    last_activity_at TEXT NOT NULL,
    completed_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    metadata_json TEXT NOT NULL DEFAULT '{}',
    CHECK ((status IN ('completed', 'abandoned', 'error')) = (completion_reason IS NOT NULL))
  ) STRICT`,
  `CREATE INDEX idx_sessions_user ON sessions(user_id, last_activity_at)`,
  `CREATE INDEX idx_sessions_scenario ON sessions(scenario_id, status)`,
  `CREATE INDEX idx_sessions_status_activity ON sessions(status, last_activity_at)`,
  `CREATE INDEX idx_sessions_started ON sessions(started_at)`,

  `CREATE TABLE messages (
    id TEXT PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL CHECK (seq >= 0),
    role TEXT NOT NULL CHECK (role IN ('persona', 'trainee', 'system')),
    content TEXT NOT NULL,
    step_id TEXT,
    engine TEXT CHECK (engine IS NULL OR engine IN ('offline', 'llm')),
    status TEXT NOT NULL DEFAULT 'complete' CHECK (status IN ('complete', 'streaming', 'stopped', 'failed')),
    prompt_tokens INTEGER,
    completion_tokens INTEGER,
    response_ms INTEGER,
    metadata_json TEXT NOT NULL DEFAULT '{}',
    created_at TEXT NOT NULL,
    UNIQUE (session_id, seq)
  ) STRICT`,

  `CREATE TABLE step_progress (
    session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    step_id TEXT NOT NULL,
    step_index INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'in_progress', 'passed', 'missed')),
    attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    best_score REAL CHECK (best_score IS NULL OR best_score BETWEEN 0 AND 100),
    started_at TEXT,
    completed_at TEXT,
    PRIMARY KEY (session_id, step_id)
  ) STRICT, WITHOUT ROWID`,

  `CREATE TABLE feedback (
    id TEXT PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    message_id TEXT REFERENCES messages(id) ON DELETE CASCADE,
    step_id TEXT,
    type TEXT NOT NULL CHECK (type IN ('rule_based', 'llm_judge', 'hybrid', 'manual')),
    score REAL NOT NULL CHECK (score BETWEEN 0 AND 100),
    passed INTEGER NOT NULL CHECK (passed IN (0, 1)),
    found_json TEXT NOT NULL DEFAULT '[]',
    missing_json TEXT NOT NULL DEFAULT '[]',
    suggestion TEXT,
    details_json TEXT NOT NULL DEFAULT '{}',
    evaluator_version TEXT NOT NULL,
    author_user_id TEXT REFERENCES users(id) ON DELETE SET NULL,
    created_at TEXT NOT NULL
  ) STRICT`,
  `CREATE INDEX idx_feedback_session ON feedback(session_id, created_at)`,
  `CREATE INDEX idx_feedback_message ON feedback(message_id)`,

  `CREATE TABLE risk_detections (
    id TEXT PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    message_id TEXT REFERENCES messages(id) ON DELETE CASCADE,
    phrase TEXT NOT NULL,
    source TEXT NOT NULL CHECK (source IN ('global', 'scenario')),
    speaker TEXT NOT NULL CHECK (speaker IN ('persona', 'trainee', 'system')),
    resources_json TEXT NOT NULL DEFAULT '[]',
    created_at TEXT NOT NULL
  ) STRICT`,
  `CREATE INDEX idx_risk_session ON risk_detections(session_id)`,

  `CREATE TABLE session_summaries (
    session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('partial', 'complete')),
    strengths_json TEXT NOT NULL DEFAULT '[]',
    gaps_json TEXT NOT NULL DEFAULT '[]',
    key_learnings_json TEXT NOT NULL DEFAULT '[]',
    action_items_json TEXT NOT NULL DEFAULT '[]',
    generated_by TEXT NOT NULL CHECK (generated_by IN ('deterministic', 'llm')),
    updated_at TEXT NOT NULL,
    PRIMARY KEY (session_id, kind)
  ) STRICT, WITHOUT ROWID`,

  `CREATE TABLE reflections (
    id TEXT PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    takeaways TEXT NOT NULL,
    revised_goal TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  ) STRICT`,
  `CREATE INDEX idx_reflections_session ON reflections(session_id)`,

  `CREATE TABLE goals (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    scenario_id TEXT,
    session_id TEXT REFERENCES sessions(id) ON DELETE SET NULL,
    specific TEXT NOT NULL,
    measurable TEXT NOT NULL,
    achievable TEXT NOT NULL,
    relevant TEXT NOT NULL,
    time_bound TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'completed', 'revised', 'abandoned')),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  ) STRICT`,
  `CREATE INDEX idx_goals_user ON goals(user_id, status)`,

  `CREATE TABLE goal_checkins (
    id TEXT PRIMARY KEY,
    goal_id TEXT NOT NULL REFERENCES goals(id) ON DELETE CASCADE,
    progress INTEGER NOT NULL CHECK (progress BETWEEN 0 AND 100),
    note TEXT,
    created_at TEXT NOT NULL
  ) STRICT`,
  `CREATE INDEX idx_goal_checkins_goal ON goal_checkins(goal_id, created_at)`,

  `CREATE TABLE activity_log (
    id INTEGER PRIMARY KEY,
    user_id TEXT REFERENCES users(id) ON DELETE CASCADE,
    session_id TEXT REFERENCES sessions(id) ON DELETE CASCADE,
    type TEXT NOT NULL CHECK (type IN ('session_start', 'session_end', 'message_sent', 'document_viewed', 'feedback_received', 'export_generated', 'error_occurred')),
    details_json TEXT NOT NULL DEFAULT '{}',
    created_at TEXT NOT NULL
  ) STRICT`,
  `CREATE INDEX idx_activity_created ON activity_log(created_at)`,
  `CREATE INDEX idx_activity_session ON activity_log(session_id)`,
  `CREATE INDEX idx_activity_type ON activity_log(type, created_at)`,

  `CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value_json TEXT NOT NULL CHECK (json_valid(value_json)),
    updated_at TEXT NOT NULL
  ) STRICT`,

  // Reporting views (seed 003). Counts use correlated subqueries so messages and feedback
  // do not multiply each other as the seed's joined version did.
  `CREATE VIEW session_overview AS
    SELECT
      s.id, s.scenario_id, s.user_id, s.status, s.started_at, s.completed_at,
      CASE WHEN s.started_at IS NULL THEN NULL
        ELSE CAST(round((julianday(COALESCE(s.completed_at, s.last_activity_at)) - julianday(s.started_at)) * 86400) AS INTEGER)
      END AS duration_seconds,
      (SELECT count(*) FROM messages m WHERE m.session_id = s.id) AS message_count,
      (SELECT count(*) FROM feedback f WHERE f.session_id = s.id) AS feedback_count,
      (SELECT avg(f.score) FROM feedback f WHERE f.session_id = s.id) AS average_score,
      (SELECT max(f.score) FROM feedback f WHERE f.session_id = s.id) AS max_score,
      (SELECT min(f.score) FROM feedback f WHERE f.session_id = s.id) AS min_score
    FROM sessions s`,
  `CREATE VIEW scenario_performance AS
    SELECT
      sc.id AS scenario_id, sc.title, sc.domain,
      count(s.id) AS total_sessions,
      count(CASE WHEN s.status = 'completed' THEN 1 END) AS completed_sessions,
      round(100.0 * count(CASE WHEN s.status = 'completed' THEN 1 END) / NULLIF(count(s.id), 0), 2) AS completion_rate,
      avg(CASE WHEN s.status = 'completed' AND s.started_at IS NOT NULL
        THEN (julianday(s.completed_at) - julianday(s.started_at)) * 86400 END) AS avg_completion_seconds,
      avg(s.total_score) AS avg_score
    FROM scenarios sc
    LEFT JOIN sessions s ON s.scenario_id = sc.id
    GROUP BY sc.id, sc.title, sc.domain`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) {
    await sql.raw(statement).execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const name of ['scenario_performance', 'session_overview']) {
    await sql.raw(`DROP VIEW IF EXISTS ${name}`).execute(db);
  }
  for (const name of [
    'settings', 'activity_log', 'goal_checkins', 'goals', 'reflections', 'session_summaries',
    'risk_detections', 'feedback', 'step_progress', 'messages', 'sessions', 'document_chunks_fts',
    'scenario_versions', 'document_chunks', 'documents', 'scenarios', 'users',
  ]) {
    await sql.raw(`DROP TABLE IF EXISTS ${name}`).execute(db);
  }
}
