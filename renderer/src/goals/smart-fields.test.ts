import { describe, expect, it } from 'vitest';
import { missingFields, parseProgress, trimFields } from './smart-fields';

describe('check-in progress as typed', () => {
  it('accepts whole numbers from 0 to 100', () => {
    expect(parseProgress('0')).toEqual({ ok: true, value: 0 });
    expect(parseProgress(' 55 ')).toEqual({ ok: true, value: 55 });
    expect(parseProgress('100')).toEqual({ ok: true, value: 100 });
  });

  it('says why anything else is refused', () => {
    expect(parseProgress('101')).toEqual({ ok: false, message: 'Progress is a percentage: from 0 to 100.' });
    expect(parseProgress('-5')).toEqual({ ok: false, message: 'Progress is a percentage: from 0 to 100.' });
    expect(parseProgress('12.5')).toEqual({ ok: false, message: 'Use a whole number from 0 to 100.' });
    expect(parseProgress('')).toEqual({ ok: false, message: 'Enter your progress as a number from 0 to 100.' });
    expect(parseProgress('half')).toEqual({ ok: false, message: 'Enter your progress as a number from 0 to 100.' });
  });
});

describe('SMART fields', () => {
  it('lists the empty ones in form order and trims the rest', () => {
    const fields = { specific: ' Ask first ', measurable: '', achievable: 'x', relevant: '  ', time_bound: 'Friday' };
    expect(missingFields(fields).map((field) => field.label)).toEqual(['Measurable', 'Relevant']);
    expect(trimFields(fields)).toEqual({ specific: 'Ask first', measurable: '', achievable: 'x', relevant: '', time_bound: 'Friday' });
  });
});
