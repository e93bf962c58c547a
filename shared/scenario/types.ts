import type { Scenario } from './schema';

/** One problem found while loading content, located in the file that has it. */
export interface ScenarioProblem {
  /** Absolute path of the file with the problem. */
  file: string;
  /** 1-based; 1 when the problem concerns the whole file (unreadable, too large). */
  line: number;
  /** 1-based; 1 when the problem concerns the whole file. */
  column: number;
  /** Field path such as `steps[2].pass_score`; empty for file-level problems. */
  path: string;
  message: string;
}

export interface ScenarioSummary {
  id: string;
  title: string;
  description: string;
  domain: string;
  version: string;
  difficulty: Scenario['difficulty'];
  durationMinutes: number | null;
  tags: string[];
  variant: Scenario['variant'];
  origin: 'bundled' | 'imported';
  stepCount: number;
  documentCount: number;
}

export interface DocumentSummary {
  id: number;
  title: string;
  path: string;
  format: 'md' | 'txt' | 'pdf';
}

export interface ScenarioDetail {
  summary: ScenarioSummary;
  definition: Scenario;
  documents: DocumentSummary[];
}

export interface DocumentContent extends DocumentSummary {
  scenarioId: string;
  content: string;
}

export interface ContentReloadResult {
  /** Scenarios parsed and stored because they were new or changed. */
  loaded: number;
  /** Scenarios whose files were unchanged and came from the cache. */
  unchanged: number;
  /** Scenarios removed because their folder disappeared. */
  removed: number;
  problems: ScenarioProblem[];
}

/**
 * A search hit. `snippet` is plain text in which matched terms are wrapped in
 * SNIPPET_MARK_START / SNIPPET_MARK_END, so the renderer can highlight without HTML.
 */
export interface DocumentSearchHit {
  chunkId: number;
  documentId: number;
  scenarioId: string;
  documentTitle: string;
  heading: string;
  snippet: string;
}

export const SNIPPET_MARK_START = '\u0002';
export const SNIPPET_MARK_END = '\u0003';
