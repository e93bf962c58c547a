import type { Kysely } from 'kysely';
import type { Scenario } from '../../../shared/scenario/schema';
import type { FeedbackItem, RiskAlert, SessionSummary, StepResult, TranscriptMessage } from '../../../shared/training/types';
import type { Database } from '../db/schema';
import { loadSessionView } from '../training/session-view';

/** Everything a session report shows, independent of the output format. */
export interface SessionReport {
  generatedAt: string;
  session: {
    id: string;
    status: string;
    completionReason: string | null;
    startedAt: string | null;
    completedAt: string | null;
    durationSeconds: number | null;
    totalScore: number | null;
    passed: boolean | null;
    passScore: number | null;
    flagged: boolean;
    engine: string;
  };
  scenario: { id: string; title: string; version: string; variant: string; domain: string | null; difficulty: string | null };
  trainee: { id: string; name: string };
  steps: (StepResult & { feedback: FeedbackItem[] })[];
  transcript: TranscriptMessage[];
  summary: SessionSummary | null;
  reflection: { takeaways: string; revisedGoal: string | null } | null;
  risks: RiskAlert[];
}

export async function buildSessionReport(db: Kysely<Database>, sessionId: string, scenario: Scenario | null, now = new Date()): Promise<SessionReport> {
  const view = await loadSessionView(db, sessionId, scenario, now);
  const { session } = view;
  const end = session.completedAt ?? session.lastActivityAt;
  return {
    generatedAt: now.toISOString(),
    session: {
      id: session.id,
      status: session.status,
      completionReason: session.completionReason,
      startedAt: session.startedAt,
      completedAt: session.completedAt,
      durationSeconds: session.startedAt ? Math.max(0, Math.round((Date.parse(end) - Date.parse(session.startedAt)) / 1000)) : null,
      totalScore: session.totalScore,
      passed: session.passed,
      passScore: scenario?.completion.pass_score ?? null,
      flagged: session.flagged,
      engine: session.engine,
    },
    scenario: {
      id: session.scenarioId,
      title: session.scenarioTitle,
      version: session.scenarioVersion,
      variant: session.variant,
      domain: scenario?.domain ?? null,
      difficulty: scenario?.difficulty ?? null,
    },
    trainee: { id: session.userId, name: session.userName },
    steps: view.steps.map((step) => ({ ...step, feedback: view.feedback.filter((item) => item.stepId === step.stepId) })),
    transcript: view.messages,
    summary: view.summary,
    reflection: view.reflection ? { takeaways: view.reflection.takeaways, revisedGoal: view.reflection.revisedGoal } : null,
    risks: view.risks,
  };
}

export function formatDuration(seconds: number | null): string {
  if (seconds === null) return '—';
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  return minutes > 0 ? `${minutes} min ${rest} s` : `${rest} s`;
}

export function formatDate(iso: string | null): string {
  if (!iso) return '—';
  return iso.replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
}

export function outcomeLabel(report: SessionReport): string {
  const { session } = report;
  if (session.status !== 'completed') return session.status.replace('_', ' ');
  if (session.passed === null) return 'completed';
  return session.passed ? 'passed' : 'not passed';
}

export const roleLabel = (role: TranscriptMessage['role'], report: SessionReport, personaName: string) =>
  role === 'trainee' ? report.trainee.name : role === 'persona' ? personaName : 'System';
