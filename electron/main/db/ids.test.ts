import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { newId } from './ids';

describe('newId', () => {
  it('makes valid, unique version-7 UUIDs that sort by creation time', () => {
    const ids = Array.from({ length: 1000 }, (_, index) => newId(1_700_000_000_000 + index));
    for (const id of ids) {
      expect(z.uuid().safeParse(id).success).toBe(true);
      expect(id[14]).toBe('7');
    }
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });
});
