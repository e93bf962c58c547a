/** What the renderer sees of training sessions (all timestamps ISO-8601 UTC). */

export type SessionStatus = 'created' | 'in_progress' | 'completed' | 'abandoned' | 'error';
export type CompletionReason = 'all_steps_finished' | 'time_limit' | 'user_exit' | 'system_error';
export type StepStatus = 'pending' | 'in_progress' | 'passed' | 'missed';
export type FeedbackType = 'rule_based' | 'llm_judge' | 'hybrid' | 'manual';

export interface UserProfile {
  id: string;
  displayName: string;
  role: 'trainee' | 'facilitator' | 'trainer';
}

export interface SessionInfo {
  id: string;
  userId: string;
  userName: string;
  scenarioId: string;
  scenarioTitle: string;
  scenarioVersion: string;
  variant: 'A' | 'B';
  status: SessionStatus;
  completionReason: CompletionReason | null;
  engine: 'offline' | 'llm';
  currentStepIndex: number;
  stepCount: number;
  totalScore: number | null;
  passed: boolean | null;
  flagged: boolean;
  startedAt: string | null;
  lastActivityAt: string;
  completedAt: string | null;
  /** Time limit in minutes, if the scenario has one. */
  durationMinutes: number | null;
  /** The scenario's overall pass mark (completion.pass_score) as it was when the session started. */
  passScore: number | null;
  /** Seconds left before the time limit; null without a limit or when not running. */
  remainingSeconds: number | null;
}

export interface TranscriptMessage {
  id: string;
  seq: number;
  role: 'persona' | 'trainee' | 'system';
  content: string;
  stepId: string | null;
  engine: 'offline' | 'llm' | null;
  status: 'complete' | 'streaming' | 'stopped' | 'failed';
  createdAt: string;
  /** Document passages the AI judge or persona was given for this message ("sources used"). */
  sources: MessageSource[];
  /** Why an AI reply failed, in plain words (status 'failed'). */
  error: string | null;
}

export interface MessageSource {
  chunkId: number;
  documentId: number;
  documentTitle: string;
  heading: string;
}

export interface StepResult {
  stepId: string;
  index: number;
  goal: string;
  status: StepStatus;
  attempts: number;
  maxAttempts: number;
  bestScore: number | null;
  passScore: number;
}

export interface FeedbackItem {
  id: string;
  messageId: string | null;
  stepId: string | null;
  type: FeedbackType;
  score: number;
  passed: boolean;
  found: string[];
  missing: string[];
  forbidden: string[];
  suggestion: string | null;
  /** Why this answer was scored differently than usual, e.g. the AI judge was unavailable. */
  notice: string | null;
  /** For a hybrid score: the weight w of the keyword score in w·rule + (1−w)·judge. */
  ruleWeight: number | null;
  /** The AI judge's yes/no checks (type llm_judge). */
  checks: { criterion: string; check: string; passed: boolean; reason: string }[];
  evaluatorVersion: string;
  authorName: string | null;
  createdAt: string;
}

export interface RiskAlert {
  id: string;
  messageId: string | null;
  phrase: string;
  speaker: 'persona' | 'trainee' | 'system';
  source: 'global' | 'scenario';
  resources: string[];
  createdAt: string;
}

export interface SessionSummary {
  kind: 'partial' | 'complete';
  strengths: string[];
  gaps: string[];
  keyLearnings: string[];
  actionItems: string[];
  generatedBy: 'deterministic' | 'llm';
  updatedAt: string;
}

export interface Reflection {
  takeaways: string;
  revisedGoal: string | null;
  updatedAt: string;
}

/** Everything the chat and summary screens need, in one read. */
export interface SessionView {
  session: SessionInfo;
  messages: TranscriptMessage[];
  steps: StepResult[];
  feedback: FeedbackItem[];
  risks: RiskAlert[];
  summary: SessionSummary | null;
  reflection: Reflection | null;
  /** The hint for the current step, if the scenario has one. */
  currentHint: string | null;
  /** Who the trainee talks to and the scenario's goals, from the definition the session was started with. */
  persona: { name: string; role: string; traits: string[]; background: string | null } | null;
  smartGoals: { specific: string; measurable: string; achievable: string; relevant: string; time_bound: string }[];
}

/** A session that can be continued, for the library's "Continue where you left off". */
export interface ResumableSession {
  id: string;
  scenarioId: string;
  scenarioTitle: string;
  status: 'created' | 'in_progress';
  currentStepIndex: number;
  stepCount: number;
  lastActivityAt: string;
}

export type ReportFormat = 'pdf' | 'html' | 'md' | 'json';
