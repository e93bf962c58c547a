import { statSync, type Dirent } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { ScenarioProblem } from '../../../shared/scenario/types';
import { describeFsError, readFileBounded } from './bounded-read';
import { mapWithLimit } from './concurrency';
import { locatePath } from './locate';
import { byPosition, problem } from './problems';
import { parseScenarioFile } from './scenario-file';
import { loadScenario, SCENARIO_FILE_NAME, type LoadedScenario } from './scenario-folder';
import { contentLimits } from './limits';

/** A scenario folder found on disk, not yet read. */
export interface ScenarioCandidate {
  /** Absolute path of the scenario folder. */
  dir: string;
  /** Absolute path of its scenario file. */
  file: string;
}

export interface Discovery {
  candidates: ScenarioCandidate[];
  problems: ScenarioProblem[];
}

/**
 * Stats are taken synchronously: a stat is a few microseconds, far less than a promise
 * round-trip through the thread pool, and a reload stats every scenario folder.
 */
function statOrNull(target: string) {
  try {
    return statSync(target, { throwIfNoEntry: false }) ?? null;
  } catch {
    return null;
  }
}

/**
 * Lists the scenario folders of a content root: its sub-folders holding a scenario.yaml,
 * in name order (hidden folders skipped). A root that does not exist holds nothing when
 * `missingOk` (an import folder not created yet), and is a problem otherwise.
 */
export async function findScenarioFolders(root: string, options: { missingOk?: boolean } = {}): Promise<Discovery> {
  const dir = path.resolve(root);
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT' && options.missingOk) return { candidates: [], problems: [] };
    return { candidates: [], problems: [problem(dir, null, '', describeFsError(error, 'the content folder'))] };
  }
  const names = entries
    .filter((entry) => !entry.name.startsWith('.') && (entry.isDirectory() || entry.isSymbolicLink()))
    .map((entry) => entry.name)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

  const found = names.map((name): { candidate?: ScenarioCandidate; problem?: ScenarioProblem } => {
    const folder = path.join(dir, name);
    const file = path.join(folder, SCENARIO_FILE_NAME);
    const stats = statOrNull(file);
    if (stats?.isFile()) return { candidate: { dir: folder, file } };
    if (stats) return { problem: problem(file, null, '', `${SCENARIO_FILE_NAME} is not a regular file`) };
    const misnamed = path.join(folder, 'scenario.yml');
    if (statOrNull(misnamed)?.isFile()) {
      return { problem: problem(misnamed, null, '', `the scenario file must be named ${SCENARIO_FILE_NAME}; rename scenario.yml`) };
    }
    return {};
  });

  const candidates: ScenarioCandidate[] = [];
  const problems: ScenarioProblem[] = [];
  for (const entry of found) {
    if (entry.candidate) candidates.push(entry.candidate);
    if (entry.problem) problems.push(entry.problem);
  }
  return { candidates, problems };
}

/**
 * What `validate <path>` covers: a scenario file, a scenario folder (holding
 * scenario.yaml) or a content folder holding scenario folders.
 */
export async function discoverTarget(target: string): Promise<Discovery> {
  const resolved = path.resolve(target);
  const stats = statOrNull(resolved);
  if (!stats) return { candidates: [], problems: [problem(resolved, null, '', 'this path does not exist')] };
  if (stats.isFile()) return { candidates: [{ dir: path.dirname(resolved), file: resolved }], problems: [] };
  if (!stats.isDirectory()) return { candidates: [], problems: [problem(resolved, null, '', 'this is neither a file nor a folder')] };
  const own = path.join(resolved, SCENARIO_FILE_NAME);
  if (statOrNull(own)?.isFile()) return { candidates: [{ dir: resolved, file: own }], problems: [] };
  const discovery = await findScenarioFolders(resolved);
  if (discovery.candidates.length === 0 && discovery.problems.length === 0) {
    discovery.problems.push(problem(resolved, null, '', `no scenarios found: expected ${SCENARIO_FILE_NAME} here or in its sub-folders`));
  }
  return discovery;
}

/** The problem reported on the second of two scenarios that declare the same id. */
export async function duplicateIdProblem(file: string, id: string, firstFile: string, yaml?: LoadedScenario['yaml']): Promise<ScenarioProblem> {
  let at = null;
  let source = yaml;
  if (!source) {
    const read = await readFileBounded(file, contentLimits.maxYamlBytes);
    const parsed = read.ok ? parseScenarioFile(file, read.bytes) : null;
    source = parsed?.yaml;
  }
  if (source) at = locatePath(source, ['id']);
  return problem(file, at, ['id'], `the id "${id}" is already used by ${firstFile}`);
}

export interface ValidationReport {
  /** Scenarios that passed every check (first of any duplicate ids). */
  scenarios: { id: string; file: string }[];
  problems: ScenarioProblem[];
}

/**
 * Validates everything under `target` (see discoverTarget) and returns every problem; one
 * bad scenario never stops the others from being checked.
 */
export async function validateContent(target: string): Promise<ValidationReport> {
  const discovery = await discoverTarget(target);
  const problems = [...discovery.problems];
  const results = await mapWithLimit(discovery.candidates, 4, (candidate) => loadScenario(candidate.file));
  const scenarios: ValidationReport['scenarios'] = [];
  const owners = new Map<string, string>();
  for (const result of results) {
    if (result.problems) {
      problems.push(...result.problems);
      continue;
    }
    const { loaded } = result;
    const first = owners.get(loaded.scenario.id);
    if (first !== undefined) {
      problems.push(await duplicateIdProblem(loaded.file, loaded.scenario.id, first, loaded.yaml));
      continue;
    }
    owners.set(loaded.scenario.id, loaded.file);
    scenarios.push({ id: loaded.scenario.id, file: loaded.file });
  }
  return { scenarios, problems: problems.sort(byPosition) };
}
