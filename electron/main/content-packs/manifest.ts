import { statSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { scenarioIdPattern } from '../../../shared/scenario/schema';
import type { ScenarioProblem } from '../../../shared/scenario/types';
import { readFileBounded } from '../content/bounded-read';
import { describeIssues } from '../content/describe-issue';
import { contentLimits } from '../content/limits';
import { locatePath } from '../content/locate';
import { byPosition, problem } from '../content/problems';
import { parseYamlSafely, type ParsedYaml } from '../content/safe-yaml';
import { packIdPattern } from './names';

/** The optional manifest at the root of a pack (and of the bundled `content/` folder). */
export const PACK_MANIFEST_FILE = 'pack.yaml';

const text = (max: number) => z.string().trim().min(1).max(max);
const semver = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

export const trackScenarioSchema = z.strictObject({
  scenario: z.string().regex(scenarioIdPattern, 'must be a scenario id (a-z, 0-9, ".", "_" and "-")'),
  /** Overrides the scenario's completion.pass_score for unlocking the next one. */
  pass_score: z.number().min(0).max(100).optional(),
});

export const trackSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'use a-z, 0-9, ".", "_" and "-", starting with a letter or digit (at most 64)'),
  title: text(300),
  description: text(5000).optional(),
  scenarios: z.array(trackScenarioSchema).min(1).max(200),
});

export const packManifestSchema = z
  .strictObject({
    id: z.string().regex(packIdPattern, 'use a-z, 0-9, ".", "_" and "-", starting with a letter or digit (at most 128)'),
    title: text(300),
    description: text(5000).optional(),
    version: z.string().regex(semver, 'must be a SemVer version such as 1.0.0').optional(),
    tracks: z.array(trackSchema).max(100).default([]),
  })
  .superRefine((manifest, ctx) => {
    const trackIds = new Map<string, number>();
    manifest.tracks.forEach((track, t) => {
      const first = trackIds.get(track.id);
      if (first !== undefined) ctx.addIssue({ code: 'custom', path: ['tracks', t, 'id'], message: `duplicate track id "${track.id}" (already used by tracks[${first}])` });
      else trackIds.set(track.id, t);
      const seen = new Map<string, number>();
      track.scenarios.forEach((entry, s) => {
        const before = seen.get(entry.scenario);
        if (before !== undefined) {
          ctx.addIssue({ code: 'custom', path: ['tracks', t, 'scenarios', s, 'scenario'], message: `"${entry.scenario}" is already listed in this track (scenarios[${before}])` });
        } else {
          seen.set(entry.scenario, s);
        }
      });
    });
  });

export type PackManifest = z.infer<typeof packManifestSchema>;
export type PackTrack = PackManifest['tracks'][number];

export type ManifestResult =
  | { manifest: PackManifest; yaml: ParsedYaml; file: string; problems?: undefined }
  | { problems: ScenarioProblem[]; manifest?: undefined; yaml?: undefined; file: string };

/** Parses and validates the text of a pack.yaml, locating every problem like the scenario loader does. */
export function parsePackManifest(file: string, source: Uint8Array | string): ManifestResult {
  const parsed = parseYamlSafely(source);
  if (!parsed.ok) {
    const { error } = parsed;
    const at = error.line > 0 ? { line: error.line, column: error.column } : null;
    return { file, problems: [problem(file, at, error.path, error.message)] };
  }
  const { yaml } = parsed;
  if (yaml.value === undefined || yaml.value === null) {
    return { file, problems: [problem(file, { line: 1, column: 1 }, '', 'the file is empty; a pack manifest needs at least id and title')] };
  }
  if (typeof yaml.value !== 'object' || Array.isArray(yaml.value)) {
    return { file, problems: [problem(file, locatePath(yaml, []), '', 'a pack manifest must be a mapping of fields (id: …, title: …)')] };
  }
  const result = packManifestSchema.safeParse(yaml.value);
  if (result.success) return { file, manifest: result.data, yaml };
  const problems = describeIssues(result.error.issues, yaml.value).map((complaint) =>
    problem(file, locatePath(yaml, complaint.path), complaint.path, complaint.text),
  );
  return { file, problems: problems.sort(byPosition) };
}

/**
 * Reads `<dir>/pack.yaml` if there is one. Returns null when the folder has no manifest
 * (it is optional); a `pack.yml` is reported so it is not silently ignored.
 */
export async function readPackManifest(dir: string): Promise<ManifestResult | null> {
  const file = path.join(dir, PACK_MANIFEST_FILE);
  const stats = statSync(file, { throwIfNoEntry: false });
  if (!stats) {
    const misnamed = path.join(dir, 'pack.yml');
    if (statSync(misnamed, { throwIfNoEntry: false })?.isFile()) {
      return { file: misnamed, problems: [problem(misnamed, null, '', `the pack manifest must be named ${PACK_MANIFEST_FILE}; rename pack.yml`)] };
    }
    return null;
  }
  const read = await readFileBounded(file, contentLimits.maxYamlBytes, PACK_MANIFEST_FILE);
  if (!read.ok) return { file, problems: [problem(file, null, '', read.reason)] };
  return parsePackManifest(file, read.bytes);
}

/** Problems for track entries naming scenarios that are not in `scenarioIds`. */
export function unknownTrackScenarios(result: ManifestResult & { manifest: PackManifest }, scenarioIds: ReadonlySet<string>, where: string): ScenarioProblem[] {
  const problems: ScenarioProblem[] = [];
  result.manifest.tracks.forEach((track, t) => {
    track.scenarios.forEach((entry, s) => {
      if (scenarioIds.has(entry.scenario)) return;
      const at = ['tracks', t, 'scenarios', s, 'scenario'];
      problems.push(problem(result.file, locatePath(result.yaml, at), at, `there is no scenario with the id "${entry.scenario}" in ${where}`));
    });
  });
  return problems;
}

/**
 * The problems of a content folder's optional pack.yaml, given the ids of the scenarios
 * found in that folder: for `validate <folder>` to report alongside the scenarios'.
 */
export async function checkPackManifest(dir: string, scenarioIds: Iterable<string>): Promise<ScenarioProblem[]> {
  const result = await readPackManifest(dir);
  if (!result) return [];
  if (result.problems) return result.problems;
  return unknownTrackScenarios(result, new Set(scenarioIds), 'this folder');
}
