import { describe, expect, it } from '@jest/globals';
import { dayText, renderDigest, type DigestLine } from './digest-text.js';

const BASE = 'https://zg.example.cn';
const line = (over: Partial<DigestLine>): DigestLine => ({
  itemId: 'x',
  title: '事项',
  unitName: '甲单位',
  deadline: '2026-06-01',
  kind: 'escalation',
  offsetDays: -15,
  remainingDays: -15,
  workingDays: false,
  level: 3,
  noticeNumber: null,
  interviewRecommended: true,
  ownerId: 'owner-1',
  ...over,
});

describe('digest text: what people read is true', () => {
  it('states the item’s own days, in working days when counted so, not the rule’s threshold', () => {
    expect(dayText(6, false)).toBe('还有6天');
    expect(dayText(3, true)).toBe('还有3个工作日');
    expect(dayText(0, false)).toBe('今天到期');
    expect(dayText(-60, false)).toBe('已逾期60天');
    expect(dayText(-9, true)).toBe('已逾期9个工作日');
    const text = renderDigest(
      { id: 'leader-1', name: '领导', role: 'leadership' },
      [line({ itemId: 'a', title: '六十天', offsetDays: -15, remainingDays: -60 })],
      BASE,
    );
    expect(text.body).toContain('已逾期60天');
    expect(text.body).not.toContain('已逾期15天');
  });

  it('sorts most urgent first and links every line to its item page', () => {
    const lines = [
      line({ itemId: 'soon', title: '六天后', kind: 'reminder', level: null, offsetDays: 7, remainingDays: 6, deadline: '2026-06-22' }),
      line({ itemId: 'late60', title: '逾期六十天', remainingDays: -60, deadline: '2026-04-17' }),
      line({ itemId: 'late13', title: '逾期十三天', level: 2, offsetDays: -7, remainingDays: -13, deadline: '2026-06-03' }),
    ];
    const body = renderDigest({ id: 'm', name: '负责人', role: 'unit_manager' }, lines, `${BASE}/`).body.split('\n');
    const items = body.filter((l) => /^\d+\. /.test(l));
    expect(items.map((l) => l.match(/】(\S+?)（/)?.[1])).toEqual(['逾期六十天', '逾期十三天', '六天后']);
    expect(items[0]).toContain(`详情：${BASE}/items/late60`);
    expect(items[2]).toContain(`详情：${BASE}/items/soon`);
    expect(items[2]).toContain('还有6天');
  });

  it('words each line for its reader: owner reports progress, manager sees it done, office and leadership are informed with the next step', () => {
    const l = line({ level: 2, remainingDays: -13, noticeNumber: '督办〔2026〕3号', interviewRecommended: false });
    const owner = renderDigest({ id: 'owner-1', name: '责任人', role: 'unit_staff' }, [l], BASE).body;
    const manager = renderDigest({ id: 'm', name: '负责人', role: 'unit_manager' }, [l], BASE).body;
    const office = renderDigest({ id: 'o', name: '巡察办', role: 'office' }, [l], BASE).body;
    const leader = renderDigest({ id: 'l', name: '领导', role: 'leadership' }, [{ ...l, level: 3, interviewRecommended: true }], BASE).body;
    expect(owner).toContain('报告整改进展');
    expect(owner.endsWith('请及时报送整改进展。') || owner.endsWith('及时报送整改进展。')).toBe(true);
    expect(manager).toContain('请督促责任人');
    expect(office).toContain('下一步');
    expect(office).toContain('督办');
    expect(leader).toContain('约谈');
    for (const text of [office, leader]) {
      expect(text.trimEnd().endsWith('请及时报送整改进展。')).toBe(false);
      expect(text).not.toContain('报送整改进展');
    }
    // A unit manager who owns the item reads the owner's words on that line.
    const own = renderDigest({ id: 'owner-1', name: '负责人', role: 'unit_manager' }, [l], BASE).body;
    expect(own).toContain('请立即整改并报告整改进展');
  });

  it('words a unit’s obligation for its manager and for the office, with its own days and no item link', () => {
    const ob = line({
      itemId: null,
      obligationId: 'o1',
      obligationKind: 'unit_report',
      title: '第一轮巡察',
      unitName: '乙单位',
      deadline: '2026-07-01',
      level: 2,
      remainingDays: -9,
      interviewRecommended: false,
      ownerId: null,
    });
    const manager = renderDigest({ id: 'm', name: '乙负责人', role: 'unit_manager' }, [ob], BASE);
    expect(manager.title).toBe('【报送督办】乙负责人：1项报送任务需要关注（其中1项已逾期）');
    expect(manager.body).toContain(
      '1. 【乙单位】第一轮巡察：报送整改情况报告（报送期限：2026-07-01，已逾期9天）——第2级督办（督办单），逾期未报送整改情况报告，请单位负责人立即报送整改情况报告。',
    );
    expect(manager.body).not.toContain('/items/');
    const office = renderDigest({ id: 'o', name: '巡察办', role: 'office' }, [ob, line({ itemId: 'i1' })], BASE);
    expect(office.title).toBe('【整改督办】巡察办：2项事项需要关注（其中2项已逾期）');
    expect(office.body).toContain('以下2项事项需要您关注');
    expect(office.body).toContain('下一步：继续督办，仍未报送的提请约谈');
  });

  it('words a reopened item (问题反弹) for its owner and for the unit manager, with the reason', () => {
    const l = line({ kind: 'decision_reopen', level: null, offsetDays: null, remainingDays: 10, note: '回头看发现问题反弹：公车私用复发' });
    const owner = renderDigest({ id: 'owner-1', name: '责任人', role: 'unit_staff' }, [l], BASE);
    const manager = renderDigest({ id: 'm', name: '负责人', role: 'unit_manager' }, [l], BASE);
    expect(owner.title).toBe('【问题反弹】责任人：事项');
    expect(owner.body).toContain('巡察办重新打开已销号事项（问题反弹），理由：回头看发现问题反弹：公车私用复发；请重新整改并报送整改进展');
    expect(manager.title).toBe('【问题反弹】负责人：事项');
    expect(manager.body).toContain('理由：回头看发现问题反弹：公车私用复发；请督促责任人重新整改并报送整改进展');
  });
});
