import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { bundledContentDir } from '../paths';
import { validateContent } from '../content/discovery';
import { checkPackManifest, parsePackManifest } from './manifest';
import { tempDir, writeFiles } from './testing/fixtures';

const located = (text: string) => {
  const result = parsePackManifest('/p/pack.yaml', text);
  return result.problems?.map((p) => `${p.line}:${p.column}: ${p.message}`) ?? result.manifest;
};

describe('pack.yaml', () => {
  it('parses a full manifest with defaults', () => {
    expect(
      located(`id: claims
title: Claims
description: Claim handling practice
version: 2.0.0
tracks:
  - id: basics
    title: Basics
    scenarios:
      - scenario: claims.intro
      - scenario: claims.hard
        pass_score: 85
`),
    ).toEqual({
      id: 'claims',
      title: 'Claims',
      description: 'Claim handling practice',
      version: '2.0.0',
      tracks: [{ id: 'basics', title: 'Basics', scenarios: [{ scenario: 'claims.intro' }, { scenario: 'claims.hard', pass_score: 85 }] }],
    });
    expect(located('id: minimal\ntitle: Minimal\n')).toEqual({ id: 'minimal', title: 'Minimal', tracks: [] });
  });

  it('locates every problem like the scenario loader', () => {
    expect(
      located(`id: Claims Pack
title: Claims
version: two
tracks:
  - id: basics
    title: Basics
    scenarios:
      - scenario: a.one
        pass_scor: 80
      - scenario: a.one
  - id: basics
    title: Again
    scenarios: []
`),
    ).toEqual([
      '1:1: id: use a-z, 0-9, ".", "_" and "-", starting with a letter or digit (at most 128), got "Claims Pack"',
      '3:1: version: must be a SemVer version such as 1.0.0, got "two"',
      '9:9: tracks[0].scenarios[0].pass_scor: unknown field "pass_scor"',
      '10:9: tracks[0].scenarios[1].scenario: "a.one" is already listed in this track (scenarios[0])',
      '11:5: tracks[1].id: duplicate track id "basics" (already used by tracks[0])',
      '13:5: tracks[1].scenarios: needs at least one entry',
    ]);
    expect(located('')).toEqual(['1:1: the file is empty; a pack manifest needs at least id and title']);
    expect(located('- a\n- b\n')).toEqual(['1:1: a pack manifest must be a mapping of fields (id: …, title: …)']);
    expect((located('id: x\ntitle: [\n') as string[])[0]).toMatch(/^3:1: YAML syntax error/);
  });

  it('reports duplicate track ids and scenarios listed twice in a track', () => {
    expect(
      located(`id: claims
title: Claims
tracks:
  - id: basics
    title: Basics
    scenarios:
      - scenario: a.one
      - scenario: a.one
  - id: basics
    title: Again
    scenarios:
      - scenario: a.two
`),
    ).toEqual(['8:9: tracks[0].scenarios[1].scenario: "a.one" is already listed in this track (scenarios[0])', '9:5: tracks[1].id: duplicate track id "basics" (already used by tracks[0])']);
  });
});

describe('checkPackManifest', () => {
  it('passes the bundled content and reports tracks naming scenarios the folder lacks', async () => {
    const bundled = bundledContentDir();
    const report = await validateContent(bundled);
    expect(await checkPackManifest(bundled, report.scenarios.map((s) => s.id))).toEqual([]);

    const { dir, cleanup } = tempDir();
    try {
      writeFiles(dir, { 'pack.yaml': 'id: x\ntitle: X\ntracks:\n  - id: t\n    title: T\n    scenarios:\n      - scenario: a.one\n' });
      expect(await checkPackManifest(dir, ['b.two'])).toEqual([
        { file: path.join(dir, 'pack.yaml'), line: 7, column: 9, path: 'tracks[0].scenarios[0].scenario', message: 'tracks[0].scenarios[0].scenario: there is no scenario with the id "a.one" in this folder' },
      ]);
    } finally {
      cleanup();
    }
  });
});
