import { describe, expect, it } from 'vitest';
import { normaliseHeading } from './headings';

describe('normaliseHeading', () => {
  it('compares heading text loosely', () => {
    expect(normaliseHeading('  5. **Comprehensive**  vs `collision` ')).toBe('5. comprehensive vs collision');
  });
});
