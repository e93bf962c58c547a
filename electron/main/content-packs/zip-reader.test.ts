import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { packLimits } from './limits';
import { checkEntryName, packIdFromName } from './names';
import { inflateEntry, readZipDirectory } from './zip-reader';

const read = (files: Record<string, string>) => readZipDirectory(zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, strToU8(v)]))), packLimits);

describe('checkEntryName', () => {
  it.each([
    ['a/b.md', ['a', 'b.md']],
    ['./a/./b.md', ['a', 'b.md']],
    ['docs/', []],
  ])('accepts %s', (name, segments) => {
    const checked = checkEntryName(name, packLimits);
    expect(checked.ok).toBe(true);
    if (checked.ok && segments.length > 0) expect(checked.segments).toEqual(segments);
  });

  it.each(['', '../x', 'a/..', '/etc/passwd', 'a\\b', 'C:x', 'a//b', 'a/b\u0000c', 'a/con', 'a/lpt1.txt', 'a/trailing.', 'a/what?.md', 'x'.repeat(401), 'a/'.repeat(17) + 'b'])(
    'refuses %j',
    (name) => {
      expect(checkEntryName(name, packLimits).ok).toBe(false);
    },
  );

  it('makes pack ids from file names', () => {
    expect(packIdFromName('Claims Pack (2).zip')).toBe('claims-pack-2');
    expect(packIdFromName('Émotions.ZIP')).toBe('emotions');
    expect(packIdFromName('...')).toBe('pack');
  });
});

describe('readZipDirectory', () => {
  it('lists files, skips OS litter and hidden files, and inflates entries', () => {
    const bytes = zipSync({ 'p/a.md': strToU8('hello'), 'p/s.yaml': [strToU8('x: 1'), { level: 0 }], '__MACOSX/p/._a.md': strToU8('junk'), 'p/.DS_Store': strToU8('junk') });
    const directory = readZipDirectory(bytes, packLimits);
    expect(directory.ok).toBe(true);
    if (!directory.ok) return;
    expect(directory.entries.map((e) => [e.name, e.method, e.size])).toEqual([
      ['p/a.md', 8, 5],
      ['p/s.yaml', 0, 4],
    ]);
    expect(directory.totalBytes).toBe(9);
    const inflated = inflateEntry(bytes, directory.entries[0]!);
    expect(inflated.ok && Buffer.from(inflated.data).toString()).toBe('hello');
  });

  it('refuses a file that is also used as a folder', () => {
    const result = read({ 'p/a': 'file', 'p/a/b.md': 'inside' });
    expect(result).toEqual({ ok: false, problems: [{ entry: 'p/a', message: 'refused: "p/a" is a file, so it cannot also be a folder' }] });
  });

  it('refuses YAML files over the loader limit and encrypted entries', () => {
    const big = readZipDirectory(zipSync({ 'p/scenario.yaml': new Uint8Array(packLimits.maxYamlBytes + 1) }), packLimits);
    expect(big).toEqual({ ok: false, problems: [{ entry: 'p/scenario.yaml', message: 'refused: the file is 1 MiB once extracted; the limit is 1 MiB' }] });
    const bytes = zipSync({ 'p/a.md': strToU8('x') });
    bytes[bytes.length - 22 - 46 - 'p/a.md'.length + 8]! |= 1; // central directory flags: encrypted
    const encrypted = readZipDirectory(bytes, packLimits);
    expect(encrypted.ok === false && encrypted.problems[0]!.message).toMatch(/encrypted/);
  });

  it('refuses a local header whose name differs from the central directory', () => {
    const bytes = zipSync({ 'p/a.md': [strToU8('x'), { level: 0 }] });
    bytes[30 + 2] = 'b'.charCodeAt(0); // local header name "p/a.md" → "p/b.md"
    const result = readZipDirectory(bytes, packLimits);
    expect(result.ok === false && result.problems[0]!.message).toMatch(/different name in its local header/);
  });

  it('refuses entries whose data overlap (the densest zip bombs reuse one stream)', () => {
    const bytes = zipSync({ 'p/a.md': [strToU8('same'), { level: 0 }], 'p/b.md': [strToU8('same'), { level: 0 }] });
    const view = new DataView(bytes.buffer);
    const eocd = bytes.length - 22;
    const cd = view.getUint32(eocd + 16, true);
    const second = cd + 46 + 'p/a.md'.length;
    // Point the second central entry at the first local header, renamed to match.
    view.setUint32(second + 42, 0, true);
    bytes.set(strToU8('p/a.md'), second + 46);
    const result = readZipDirectory(bytes, packLimits);
    expect(result.ok).toBe(false);
  });

  it('refuses what is not a zip or is damaged', () => {
    expect(readZipDirectory(strToU8('hello'), packLimits)).toMatchObject({ ok: false, problems: [{ message: expect.stringContaining('not a zip') }] });
    const bytes = zipSync({ 'p/a.md': strToU8('x') });
    expect(readZipDirectory(bytes.subarray(0, bytes.length - 30), packLimits).ok).toBe(false);
    const corrupt = zipSync({ 'p/a.md': [strToU8('hello world'), { level: 0 }] });
    corrupt[30 + 6]! ^= 0xff; // flip a data byte: CRC mismatch
    const directory = readZipDirectory(corrupt, packLimits);
    expect(directory.ok).toBe(true);
    if (directory.ok) expect(inflateEntry(corrupt, directory.entries[0]!)).toEqual({ ok: false, message: 'the entry fails its CRC-32 check; the archive is damaged' });
  });
});
