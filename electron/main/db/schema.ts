import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/**
 * The one description of the database that every query is typed against. Timestamps are
 * ISO-8601 UTC strings with milliseconds (they sort as text); JSON columns hold
 * `JSON.stringify` output and are named `*_json`; booleans are 0/1 integers.
 */
export interface Database {
  users: UsersTable;
  scenarios: ScenariosTable;
  scenario_versions: ScenarioVersionsTable;
  documents: DocumentsTable;
  document_chunks: DocumentChunksTable;
  sessions: SessionsTable;
  messages: MessagesTable;
  step_progress: StepProgressTable;
  feedback: FeedbackTable;
  risk_detections: RiskDetectionsTable;
  session_summaries: SessionSummariesTable;
  reflections: ReflectionsTable;
  goals: GoalsTable;
  goal_checkins: GoalCheckinsTable;
  activity_log: ActivityLogTable;
  settings: SettingsTable;
  session_overview: SessionOverviewView;
  scenario_performance: ScenarioPerformanceView;
}

export type UserRole = 'trainee' | 'facilitator' | 'trainer';
export type Difficulty = 'beginner' | 'intermediate' | 'advanced';
export type Variant = 'A' | 'B';
export type SessionStatus = 'created' | 'in_progress' | 'completed' | 'abandoned' | 'error';
export type CompletionReason = 'all_steps_finished' | 'time_limit' | 'user_exit' | 'system_error';
export type MessageRole = 'persona' | 'trainee' | 'system';
export type MessageStatus = 'complete' | 'streaming' | 'stopped' | 'failed';
export type Engine = 'offline' | 'llm';
export type StepStatus = 'pending' | 'in_progress' | 'passed' | 'missed';
export type FeedbackType = 'rule_based' | 'llm_judge' | 'hybrid' | 'manual';
export type SummaryKind = 'partial' | 'complete';
export type GoalStatus = 'active' | 'completed' | 'revised' | 'abandoned';
export type ActivityType =
  | 'session_start'
  | 'session_end'
  | 'message_sent'
  | 'document_viewed'
  | 'feedback_received'
  | 'export_generated'
  | 'error_occurred';

export interface UsersTable {
  id: string;
  display_name: string;
  role: UserRole;
  pin_hash: string | null;
  created_at: string;
  updated_at: string;
}

export interface ScenariosTable {
  id: string;
  title: string;
  description: string;
  domain: string;
  version: string;
  difficulty: Difficulty;
  duration_minutes: number | null;
  tags_json: string;
  variant: Variant;
  definition_json: string;
  origin: 'bundled' | 'imported';
  source_path: string;
  checksum: string;
  loaded_at: string;
}

/** Immutable snapshot of a scenario definition, keyed by the checksum of its JSON. */
export interface ScenarioVersionsTable {
  checksum: string;
  scenario_id: string;
  version: string;
  definition_json: string;
  first_seen_at: string;
}

export interface DocumentsTable {
  id: Generated<number>;
  scenario_id: string;
  path: string;
  title: string;
  format: 'md' | 'txt' | 'pdf';
  content: string;
  checksum: string;
}

export interface DocumentChunksTable {
  id: Generated<number>;
  document_id: number;
  ordinal: number;
  heading: string;
  content: string;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  scenario_id: string;
  scenario_version: string;
  scenario_checksum: string;
  variant: Variant;
  status: SessionStatus;
  completion_reason: CompletionReason | null;
  engine: Engine;
  current_step_index: number;
  total_score: number | null;
  passed: number | null;
  flagged: ColumnType<number, number | undefined, number>;
  started_at: string | null;
  last_activity_at: string;
  completed_at: string | null;
  created_at: string;
  updated_at: string;
  metadata_json: ColumnType<string, string | undefined, string>;
}

export interface MessagesTable {
  id: string;
  session_id: string;
  seq: number;
  role: MessageRole;
  content: string;
  step_id: string | null;
  engine: Engine | null;
  status: ColumnType<MessageStatus, MessageStatus | undefined, MessageStatus>;
  prompt_tokens: number | null;
  completion_tokens: number | null;
  response_ms: number | null;
  metadata_json: ColumnType<string, string | undefined, string>;
  created_at: string;
}

export interface StepProgressTable {
  session_id: string;
  step_id: string;
  step_index: number;
  status: StepStatus;
  attempts: number;
  best_score: number | null;
  started_at: string | null;
  completed_at: string | null;
}

export interface FeedbackTable {
  id: string;
  session_id: string;
  message_id: string | null;
  step_id: string | null;
  type: FeedbackType;
  score: number;
  passed: number;
  found_json: string;
  missing_json: string;
  suggestion: string | null;
  details_json: string;
  evaluator_version: string;
  author_user_id: string | null;
  created_at: string;
}

export interface RiskDetectionsTable {
  id: string;
  session_id: string;
  message_id: string | null;
  phrase: string;
  source: 'global' | 'scenario';
  speaker: MessageRole;
  resources_json: string;
  created_at: string;
}

export interface SessionSummariesTable {
  session_id: string;
  kind: SummaryKind;
  strengths_json: string;
  gaps_json: string;
  key_learnings_json: string;
  action_items_json: string;
  generated_by: 'deterministic' | 'llm';
  updated_at: string;
}

export interface ReflectionsTable {
  id: string;
  session_id: string;
  user_id: string;
  takeaways: string;
  revised_goal: string | null;
  created_at: string;
  updated_at: string;
}

export interface GoalsTable {
  id: string;
  user_id: string;
  scenario_id: string | null;
  session_id: string | null;
  specific: string;
  measurable: string;
  achievable: string;
  relevant: string;
  time_bound: string;
  status: GoalStatus;
  created_at: string;
  updated_at: string;
}

export interface GoalCheckinsTable {
  id: string;
  goal_id: string;
  progress: number;
  note: string | null;
  created_at: string;
}

export interface ActivityLogTable {
  id: Generated<number>;
  user_id: string | null;
  session_id: string | null;
  type: ActivityType;
  details_json: ColumnType<string, string | undefined, string>;
  created_at: string;
}

export interface SettingsTable {
  key: string;
  value_json: string;
  updated_at: string;
}

/** The seeds' `session_summary` view, without its messages × feedback fan-out. */
export interface SessionOverviewView {
  id: string;
  scenario_id: string;
  user_id: string;
  status: SessionStatus;
  started_at: string | null;
  completed_at: string | null;
  duration_seconds: number | null;
  message_count: number;
  feedback_count: number;
  average_score: number | null;
  max_score: number | null;
  min_score: number | null;
}

export interface ScenarioPerformanceView {
  scenario_id: string;
  title: string;
  domain: string;
  total_sessions: number;
  completed_sessions: number;
  completion_rate: number | null;
  avg_completion_seconds: number | null;
  avg_score: number | null;
}

export type UserRow = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type ScenarioRow = Selectable<ScenariosTable>;
export type NewScenario = Insertable<ScenariosTable>;
export type DocumentRow = Selectable<DocumentsTable>;
export type NewDocument = Insertable<DocumentsTable>;
export type SessionRow = Selectable<SessionsTable>;
export type NewSession = Insertable<SessionsTable>;
export type SessionUpdate = Updateable<SessionsTable>;
export type MessageRow = Selectable<MessagesTable>;
export type NewMessage = Insertable<MessagesTable>;
export type StepProgressRow = Selectable<StepProgressTable>;
export type FeedbackRow = Selectable<FeedbackTable>;
export type NewFeedback = Insertable<FeedbackTable>;
export type RiskDetectionRow = Selectable<RiskDetectionsTable>;
export type SessionSummaryRow = Selectable<SessionSummariesTable>;
export type ReflectionRow = Selectable<ReflectionsTable>;
export type GoalRow = Selectable<GoalsTable>;
export type GoalCheckinRow = Selectable<GoalCheckinsTable>;
export type ActivityRow = Selectable<ActivityLogTable>;
export type NewActivity = Insertable<ActivityLogTable>;
export type SettingRow = Selectable<SettingsTable>;
