import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { parseDeadlineText } from './deadline-text.js';

const ctx = fc.record({
  defaultYear: fc.oneof(fc.constant(null), fc.integer({ min: 1900, max: 2199 })),
  immediateDate: fc.oneof(fc.constant(null), fc.constant('2019-06-10')),
});

const validDate = fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2199-12-31T00:00:00Z'), noInvalidDate: true });

describe('deadline text (property-based)', () => {
  it('any string parses or is refused with a reason; it never throws', () => {
    const pieces = fc.constantFrom(
      '年',
      '月',
      '日',
      '号',
      '底',
      '前',
      '季度',
      '第',
      '上半年',
      '立行立改',
      '长期坚持',
      '每季度',
      '-',
      '/',
      '.',
      ' ',
      '２',
      '0',
    );
    const text = fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.array(fc.oneof(pieces, fc.integer({ min: 0, max: 99999 }).map(String)), { maxLength: 8 }).map((a) => a.join('')),
    );
    fc.assert(
      fc.property(text, ctx, (raw, c) => {
        const r = parseDeadlineText(raw, c);
        if (r === null) {
          expect(raw.trim()).toBe('');
          return;
        }
        if (!r.ok) {
          expect(r.message.length).toBeGreaterThan(0);
          return;
        }
        expect(r.text).toBe(raw.trim());
        if (r.deadline !== null) {
          expect(r.deadline).toMatch(/^\d{4}-\d{2}-\d{2}$/);
          expect(new Date(`${r.deadline}T00:00:00Z`).toISOString().slice(0, 10)).toBe(r.deadline);
          const y = Number(r.deadline.slice(0, 4));
          expect(y).toBeGreaterThanOrEqual(1900);
          expect(y).toBeLessThanOrEqual(2199);
        }
        if (r.type === 'time_limited') expect(r.deadline).not.toBeNull();
      }),
      { numRuns: 2000 },
    );
  });

  it('generated valid forms parse to the date they state', () => {
    fc.assert(
      fc.property(validDate, fc.constantFrom('年月日前', '年月日', 'iso', 'slash', '年月底前', '年底前'), ctx, (d, form, c) => {
        const [y, m, day] = d.toISOString().slice(0, 10).split('-');
        const last = new Date(Date.UTC(+y, +m, 0)).toISOString().slice(0, 10);
        const cases: Record<string, [string, string]> = {
          年月日前: [`${+y}年${+m}月${+day}日前`, `${y}-${m}-${day}`],
          年月日: [`${y}年${m}月${day}号`, `${y}-${m}-${day}`],
          iso: [`${y}-${m}-${day}`, `${y}-${m}-${day}`],
          slash: [`${y}/${+m}/${+day}`, `${y}-${m}-${day}`],
          年月底前: [`${y}年${+m}月底前`, last],
          年底前: [`${y}年底前`, `${y}-12-31`],
        };
        const [text, expected] = cases[form];
        expect(parseDeadlineText(text, c)).toEqual({ ok: true, type: 'time_limited', deadline: expected, text, immediate: false });
        expect(parseDeadlineText(`立行立改（${text}）`, c)).toMatchObject({ ok: true, type: 'immediate', deadline: expected });
      }),
      { numRuns: 1000 },
    );
  });

  it('an impossible day of a real month is refused, not rolled over', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1900, max: 2199 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 9 }), (y, m, extra) => {
        const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
        const r = parseDeadlineText(`${y}年${m}月${last + extra}日前`, { defaultYear: null, immediateDate: null });
        expect(r).toMatchObject({ ok: false });
      }),
    );
  });
});
