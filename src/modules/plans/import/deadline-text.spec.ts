import { describe, expect, it } from '@jest/globals';
import { parseDeadlineText, parseRectificationType } from './deadline-text.js';

const ctx = { defaultYear: 2019, immediateDate: '2019-06-10' };

describe('parseDeadlineText', () => {
  it.each([
    ['2019年9月底前', '2019-09-30'],
    ['2020年2月底前', '2020-02-29'],
    ['2019年2月底', '2019-02-28'],
    ['2019年12月底前', '2019-12-31'],
    ['2020年6月30日前', '2020-06-30'],
    ['２０１９年１０月底前', '2019-10-31'],
    ['2019-08-15', '2019-08-15'],
    ['2019/8/5', '2019-08-05'],
    ['2019年底前', '2019-12-31'],
    ['2019年上半年', '2019-06-30'],
    ['2019年第三季度', '2019-09-30'],
    ['12月31日前', '2019-12-31'],
    ['11月底前', '2019-11-30'],
  ])('%s → time-limited %s', (text, date) => {
    expect(parseDeadlineText(text, ctx)).toEqual({ ok: true, type: 'time_limited', immediate: false, deadline: date, text });
  });

  it('立行立改 is immediate, dated by the plan when the text gives no date, and keeps its text', () => {
    expect(parseDeadlineText('立行立改', ctx)).toEqual({
      ok: true,
      type: 'immediate',
      immediate: true,
      deadline: '2019-06-10',
      text: '立行立改',
    });
    expect(parseDeadlineText('立行立改', { defaultYear: null, immediateDate: null })).toEqual({
      ok: true,
      type: 'immediate',
      immediate: true,
      deadline: null,
      text: '立行立改',
    });
    expect(parseDeadlineText('立行立改，2019年7月底前完成', ctx)).toMatchObject({ type: 'immediate', deadline: '2019-07-31' });
  });

  it('长期坚持 and 每季度 are long-term with the text kept; a stated date is kept too', () => {
    expect(parseDeadlineText('长期坚持', ctx)).toEqual({ ok: true, type: 'long_term', immediate: false, deadline: null, text: '长期坚持' });
    expect(parseDeadlineText('每季度', ctx)).toEqual({ ok: true, type: 'long_term', immediate: false, deadline: null, text: '每季度' });
    expect(parseDeadlineText('2019年12月底前完成并长期坚持', ctx)).toMatchObject({ type: 'long_term', deadline: '2019-12-31' });
  });

  it('an empty cell is null; nonsense, impossible dates and a missing year without context are errors', () => {
    expect(parseDeadlineText('  ', ctx)).toBeNull();
    expect(parseDeadlineText(null, ctx)).toBeNull();
    expect(parseDeadlineText('尽快完成', ctx)).toMatchObject({ ok: false, message: expect.stringContaining('尽快完成') });
    expect(parseDeadlineText('2019年13月底前', ctx)).toMatchObject({ ok: false });
    expect(parseDeadlineText('2019年2月30日前', ctx)).toMatchObject({ ok: false });
    expect(parseDeadlineText('0000年底前', ctx)).toMatchObject({ ok: false, message: expect.stringContaining('年份') });
    expect(parseDeadlineText('2919年6月30日前', ctx)).toMatchObject({ ok: false, message: expect.stringContaining('年份') });
    // Years below 100 by quarter or month end: refused by the year range, not written as '0-06-30' (found by fast-check).
    expect(parseDeadlineText('10000年２季度', ctx)).toMatchObject({ ok: false, message: expect.stringContaining('年份') });
    expect(parseDeadlineText('0099年2月底前', ctx)).toMatchObject({ ok: false, message: expect.stringContaining('年份') });
    expect(parseDeadlineText('2024年2月底前', ctx)).toMatchObject({ ok: true, deadline: '2024-02-29' });
    expect(parseDeadlineText('2100年2月底前', ctx)).toMatchObject({ ok: true, deadline: '2100-02-28' });
    expect(parseDeadlineText('12月31日前', { defaultYear: null, immediateDate: null })).toMatchObject({
      ok: false,
      message: expect.stringContaining('年份'),
    });
  });
});

describe('parseRectificationType', () => {
  it('reads the three types in Chinese or English', () => {
    expect(parseRectificationType('立行立改')).toBe('immediate');
    expect(parseRectificationType(' 限期整改 ')).toBe('time_limited');
    expect(parseRectificationType('长期坚持')).toBe('long_term');
    expect(parseRectificationType('long_term')).toBe('long_term');
    expect(parseRectificationType('看情况')).toBeNull();
  });
});

describe('parseDeadlineText: texts without a year, and 立行立改 with 长期坚持', () => {
  const issued = (date: string) => ({ defaultYear: Number(date.slice(0, 4)), immediateDate: date, referenceDate: date });

  it('`9月30日前` takes the issue year, or the next year when that date has passed at issue', () => {
    expect(parseDeadlineText('9月30日前', issued('2019-06-10'))).toMatchObject({ ok: true, type: 'time_limited', deadline: '2019-09-30' });
    expect(parseDeadlineText('9月30日前', issued('2019-11-05'))).toMatchObject({ ok: true, type: 'time_limited', deadline: '2020-09-30' });
    expect(parseDeadlineText('3月底前', issued('2019-11-05'))).toMatchObject({ deadline: '2020-03-31' });
    expect(parseDeadlineText('11月5日前', issued('2019-11-05'))).toMatchObject({ deadline: '2019-11-05' });
  });

  it('`年底前` is the end of the issue year', () => {
    expect(parseDeadlineText('年底前', issued('2019-06-10'))).toMatchObject({ ok: true, type: 'time_limited', deadline: '2019-12-31' });
    expect(parseDeadlineText('今年年底前完成', issued('2019-06-10'))).toMatchObject({ deadline: '2019-12-31' });
    expect(parseDeadlineText('年底前', { defaultYear: null, immediateDate: null })).toMatchObject({ ok: false });
  });

  it('`立行立改，长期坚持` is long-term and flagged immediate; either alone keeps its own type', () => {
    for (const text of ['立行立改，长期坚持', '立行立改、长期坚持', '立行立改并长期坚持']) {
      expect(parseDeadlineText(text, issued('2019-06-10'))).toEqual({ ok: true, type: 'long_term', immediate: true, deadline: null, text });
    }
    expect(parseDeadlineText('长期坚持', issued('2019-06-10'))).toMatchObject({ type: 'long_term', immediate: false });
    expect(parseDeadlineText('立行立改', issued('2019-06-10'))).toMatchObject({
      type: 'immediate',
      immediate: true,
      deadline: '2019-06-10',
    });
  });
});

describe('parseDeadlineText: the forms offices write, at their edges', () => {
  it.each([
    ['2019-9', '2019-09-30'],
    ['2019.11', '2019-11-30'],
    ['2019/10底前', '2019-10-31'],
    ['2019年', '2019-12-31'],
    ['9月', '2019-09-30'],
    ['2019年 9月 底前', '2019-09-30'],
    ['整改于年底前完成', '2019-12-31'],
    ['年内完成', '2019-12-31'],
  ])('%s → %s', (text, date) => {
    expect(parseDeadlineText(text, ctx)).toMatchObject({ ok: true, type: 'time_limited', deadline: date });
  });

  it('names the text whose date does not exist (month 0 or 13, 30 February)', () => {
    for (const text of ['2019年0月底前', '2019年13月底前', '2019年2月30日前', '2019-00']) {
      expect(parseDeadlineText(text, ctx)).toEqual({ ok: false, message: `完成时限“${text}”中的日期无效` });
    }
  });

  it('does not read a month out of a longer number, nor "two years" or "3 years" as the year end', () => {
    for (const text of ['2019-123', '两年内完成', '3年内完成', '半年内完成']) {
      expect(parseDeadlineText(text, ctx)).toMatchObject({ ok: false, message: expect.stringContaining('无法识别') });
    }
  });
});

describe('parseRectificationType: whole words only', () => {
  it.each(['不是立行立改', '立行立改吗', '非限期整改', '限期整改中', '不长期坚持', '长期坚持下去', 'time_limited_x'])(
    '%s is no type',
    (text) => {
      expect(parseRectificationType(text)).toBeNull();
    },
  );
  it('reads 限时整改 and the English codes in any case', () => {
    expect(parseRectificationType('限时整改')).toBe('time_limited');
    expect(parseRectificationType('TIME_LIMITED')).toBe('time_limited');
    expect(parseRectificationType('Immediate')).toBe('immediate');
    expect(parseRectificationType('持续整改')).toBe('long_term');
  });
});
