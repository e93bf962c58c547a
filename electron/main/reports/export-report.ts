import type { Kysely } from 'kysely';
import type { Scenario } from '../../../shared/scenario/schema';
import type { ReportFormat } from '../../../shared/training/types';
import type { Database } from '../db/schema';
import { logActivity } from '../training/activity-log';
import { renderHtmlReport } from './html-report';
import { renderMarkdownReport } from './markdown-report';
import { renderPdfReport } from './pdf-report';
import { buildSessionReport } from './session-report';

export interface RenderedReport {
  bytes: Buffer;
  fileName: string;
  mimeType: string;
}

const mimeTypes: Record<ReportFormat, string> = {
  pdf: 'application/pdf',
  html: 'text/html; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
  json: 'application/json; charset=utf-8',
};

/** A file name without characters that any of the three desktop OSes refuse. */
function safeFileName(title: string, sessionId: string, format: ReportFormat): string {
  const base = title.replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'session';
  return `${base}-${sessionId.slice(0, 8)}.${format}`;
}

/** Renders a session report in the requested format and logs `export_generated`. */
export async function renderSessionReport(db: Kysely<Database>, sessionId: string, scenario: Scenario | null, format: ReportFormat): Promise<RenderedReport> {
  const report = await buildSessionReport(db, sessionId, scenario);
  const personaName = scenario?.persona.name ?? 'Persona';
  let bytes: Buffer;
  switch (format) {
    case 'pdf':
      bytes = await renderPdfReport(report, personaName);
      break;
    case 'html':
      bytes = Buffer.from(renderHtmlReport(report, personaName), 'utf8');
      break;
    case 'md':
      bytes = Buffer.from(renderMarkdownReport(report, personaName), 'utf8');
      break;
    case 'json':
      bytes = Buffer.from(`${JSON.stringify(report, null, 2)}\n`, 'utf8');
      break;
  }
  await logActivity(db, { type: 'export_generated', userId: report.trainee.id, sessionId, details: { kind: 'session_report', format, bytes: bytes.length } });
  return { bytes, fileName: safeFileName(report.scenario.title, sessionId, format), mimeType: mimeTypes[format] };
}
