import type { ScenarioProblem } from '../../../shared/scenario/types';
import { scenarioSchema, type Scenario } from '../../../shared/scenario/schema';
import { describeIssues } from './describe-issue';
import { locatePath } from './locate';
import { byPosition, problem } from './problems';
import { parseYamlSafely, type ParsedYaml } from './safe-yaml';

export type ScenarioFileResult =
  | { scenario: Scenario; yaml: ParsedYaml; problems?: undefined }
  | { problems: ScenarioProblem[]; scenario?: undefined; yaml?: undefined };

/**
 * Parses and validates the text of one scenario file. Every problem carries the absolute
 * `file`, the 1-based line and column of the offending field (its key; for a missing field
 * the mapping that lacks it), the field path and a readable message.
 */
export function parseScenarioFile(file: string, source: Uint8Array | string): ScenarioFileResult {
  const parsed = parseYamlSafely(source);
  if (!parsed.ok) {
    const { error } = parsed;
    const at = error.line > 0 ? { line: error.line, column: error.column } : null;
    return { problems: [problem(file, at, error.path, error.message)] };
  }
  const { yaml } = parsed;
  if (yaml.value === undefined || yaml.value === null) {
    return { problems: [problem(file, { line: 1, column: 1 }, '', 'the file is empty; a scenario needs at least id, title, description, domain, version, difficulty, persona and steps')] };
  }
  if (typeof yaml.value !== 'object' || Array.isArray(yaml.value)) {
    const what = Array.isArray(yaml.value) ? 'a list' : 'a single value';
    return { problems: [problem(file, locatePath(yaml, []), '', `a scenario file must be a mapping of fields (id: …, title: …), not ${what}`)] };
  }

  const result = scenarioSchema.safeParse(yaml.value);
  if (result.success) return { scenario: result.data, yaml };

  const problems = describeIssues(result.error.issues, yaml.value).map((complaint) =>
    problem(file, locatePath(yaml, complaint.path), complaint.path, complaint.text),
  );
  return { problems: problems.sort(byPosition) };
}
