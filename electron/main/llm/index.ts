/**
 * The LLM provider layer (SPEC 5.2–5.4). Import from here; see README.md in this folder
 * for how the training engine uses it. Nothing here imports Electron.
 */
export {
  createLlmClient,
  parseJsonReply,
  type ChatMessage,
  type ChatStreamResult,
  type ConnectionTestResult,
  type JsonRequest,
  type JsonResult,
  type LlmClient,
  type LlmClientOptions,
  type StreamChatRequest,
} from './llm-client';
export { formatWait, isLlmError, isRetryable, LlmError, llmErrorKinds, parseRetryAfter, type LlmErrorKind, type LlmUsageStats } from './llm-error';
export {
  isLoopbackUrl,
  parseProviderConfig,
  providerConfigSchema,
  providerPresets,
  type ProviderConfig,
  type ProviderConfigInput,
  type ProviderPreset,
} from '../../../shared/llm/provider-config';
export { RateLimiter, type RateLimiterOptions, type RateLimitPermit } from './rate-limiter';
export {
  conversationMessages,
  judgeMessages,
  judgeRubric,
  judgeSchema,
  judgeSchemaFor,
  matchJudgeChecks,
  personaMessages,
  personaSampling,
  scoreFromJudge,
  summaryMessages,
  summarySchema,
  toSummaryContent,
  type JudgePromptInput,
  type JudgeResult,
  type LlmSummary,
  type PersonaPromptInput,
  type RetrievedPassage,
  type SummaryPromptInput,
  type TranscriptTurn,
} from './prompts';
export {
  evaluateTurn,
  hybridScore,
  HYBRID_VERSION,
  judgeAnswer,
  LLM_JUDGE_VERSION,
  LLM_SUMMARY_VERSION,
  summarizeSession,
  type JudgeOutcome,
  type JudgeVerdict,
  type SummaryOutcome,
  type TurnEvaluation,
} from './judge';
export { estimateTokens, extractJson, stripThinking } from './text-utils';
