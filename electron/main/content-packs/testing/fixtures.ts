import { mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { strToU8, zipSync, type Zippable } from 'fflate';
import { minimalScenarioYaml, tempDir, writeFiles } from '../../content/testing/fixtures';

export { minimalScenarioYaml, tempDir, writeFiles };

/** A pack.yaml with one track over `scenarios` (ids, or [id, pass_score]). */
export function packYaml(id: string, options: { title?: string; version?: string; track?: (string | [string, number])[]; extra?: string } = {}): string {
  const lines = [`id: ${id}`, `title: ${options.title ?? `Pack ${id}`}`];
  if (options.version) lines.push(`version: ${options.version}`);
  if (options.track) {
    lines.push('tracks:', '  - id: basics', '    title: Basics', '    scenarios:');
    for (const entry of options.track) {
      if (Array.isArray(entry)) lines.push(`      - scenario: ${entry[0]}`, `        pass_score: ${entry[1]}`);
      else lines.push(`      - scenario: ${entry}`);
    }
  }
  return `${lines.join('\n')}\n${options.extra ?? ''}`;
}

/** Files of a valid two-scenario pack with a document, keyed by path inside the pack. */
export function goodPackFiles(id = 'claims-pack', scenarioIds: string[] = ['pack.alpha', 'pack.beta']): Record<string, string> {
  const files: Record<string, string> = { 'pack.yaml': packYaml(id, { title: 'Claims pack', version: '1.2.0', track: scenarioIds }) };
  for (const scenarioId of scenarioIds) {
    files[`${scenarioId}/scenario.yaml`] = minimalScenarioYaml(scenarioId, {
      title: `Scenario ${scenarioId}`,
      extra: 'documents:\n  - file: docs/guide.md\n    title: Guide\n',
    });
    files[`${scenarioId}/docs/guide.md`] = `# Guide for ${scenarioId}\n\nAsk for the policy number.\n`;
  }
  return files;
}

/** A zip of `files` (path → text or bytes), names written exactly as given. */
export function zipOf(files: Record<string, string | Uint8Array>, options: { prefix?: string; level?: 0 | 1 | 9 } = {}): Uint8Array {
  const entries: Zippable = {};
  for (const [name, content] of Object.entries(files)) {
    entries[`${options.prefix ?? ''}${name}`] = [typeof content === 'string' ? strToU8(content) : content, { level: options.level ?? 6 }];
  }
  return zipSync(entries);
}

/** Every path under `dir` (relative, `/`-separated), hidden ones included, sorted. */
export function listTree(dir: string): string[] {
  const out: string[] = [];
  const walk = (current: string, prefix: string) => {
    let entries;
    try {
      entries = readdirSync(current, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const relative = `${prefix}${entry.name}`;
      out.push(entry.isDirectory() ? `${relative}/` : relative);
      if (entry.isDirectory()) walk(path.join(current, entry.name), `${relative}/`);
    }
  };
  walk(dir, '');
  return out.sort();
}

export function ensureDir(dir: string): string {
  mkdirSync(dir, { recursive: true });
  return dir;
}
