import type { BundleTable } from './bundle-format';

/**
 * The columns each bundle table carries, exactly as in the database (migration 0001).
 * Export selects these; import inserts these (extra keys in a bundle row are ignored,
 * a missing key makes the bundle invalid). `users` leaves out `pin_hash` on purpose:
 * PIN hashes never travel between laptops.
 */
export const bundleColumns: Record<BundleTable, readonly string[]> = {
  users: ['id', 'display_name', 'role', 'created_at', 'updated_at'],
  scenarioVersions: ['checksum', 'scenario_id', 'version', 'definition_json', 'first_seen_at'],
  sessions: [
    'id',
    'user_id',
    'scenario_id',
    'scenario_version',
    'scenario_checksum',
    'variant',
    'status',
    'completion_reason',
    'engine',
    'current_step_index',
    'total_score',
    'passed',
    'flagged',
    'started_at',
    'last_activity_at',
    'completed_at',
    'created_at',
    'updated_at',
    'metadata_json',
  ],
  messages: [
    'id',
    'session_id',
    'seq',
    'role',
    'content',
    'step_id',
    'engine',
    'status',
    'prompt_tokens',
    'completion_tokens',
    'response_ms',
    'metadata_json',
    'created_at',
  ],
  stepProgress: ['session_id', 'step_id', 'step_index', 'status', 'attempts', 'best_score', 'started_at', 'completed_at'],
  feedback: [
    'id',
    'session_id',
    'message_id',
    'step_id',
    'type',
    'score',
    'passed',
    'found_json',
    'missing_json',
    'suggestion',
    'details_json',
    'evaluator_version',
    'author_user_id',
    'created_at',
  ],
  riskDetections: ['id', 'session_id', 'message_id', 'phrase', 'source', 'speaker', 'resources_json', 'created_at'],
  sessionSummaries: ['session_id', 'kind', 'strengths_json', 'gaps_json', 'key_learnings_json', 'action_items_json', 'generated_by', 'updated_at'],
  reflections: ['id', 'session_id', 'user_id', 'takeaways', 'revised_goal', 'created_at', 'updated_at'],
};

/** The SQL table behind each bundle list. */
export const sqlTable: Record<BundleTable, string> = {
  users: 'users',
  scenarioVersions: 'scenario_versions',
  sessions: 'sessions',
  messages: 'messages',
  stepProgress: 'step_progress',
  feedback: 'feedback',
  riskDetections: 'risk_detections',
  sessionSummaries: 'session_summaries',
  reflections: 'reflections',
};

/** Columns that hold JSON text; a bundle cannot smuggle invalid JSON into them. */
export const jsonColumns = new Set(['definition_json', 'metadata_json', 'found_json', 'missing_json', 'details_json', 'resources_json', 'strengths_json', 'gaps_json', 'key_learnings_json', 'action_items_json']);
