/**
 * The words of a digest (one message per recipient per sweep, listing all their items). Pure;
 * the same text goes to the inbox, e-mail and the webhook. Users read it: Chinese.
 */
import type { LedgerKind } from './follow-up.entities.js';

export interface DigestLine {
  itemId: string;
  title: string;
  unitName: string;
  deadline: string | null;
  kind: LedgerKind;
  /** Days from the threshold to the deadline (7 = seven days before, -7 = seven days after). */
  offsetDays: number | null;
  level: number | null;
  noticeNumber: string | null;
  interviewRecommended: boolean;
  /** The office's note on a manual chase. */
  note?: string | null;
}

export interface DigestText {
  title: string;
  body: string;
}

export function describeLine(l: DigestLine): string {
  if (l.kind === 'manual_urge' || l.kind === 'manual_supervise') {
    const late = l.offsetDays !== null && l.offsetDays < 0 ? `已逾期${-l.offsetDays}天，` : '';
    const parts =
      l.kind === 'manual_urge'
        ? [`${late}巡察办催办：请立即整改并报告进展`]
        : [`${late}巡察办督办${l.noticeNumber ? `，已下发督办单${l.noticeNumber}` : ''}：请单位主要负责人督促整改并报告进展`];
    if (l.note) parts.push(`附言：${l.note}`);
    return parts.join('；');
  }
  if (l.kind === 'check_in') return '长期整改事项定期调度，请报送最新整改进展';
  if (l.kind === 'reminder') {
    return l.offsetDays === 0 ? '今天是整改期限，请按时完成整改' : `距整改期限还有${l.offsetDays}天，请抓紧推进`;
  }
  const overdue = -(l.offsetDays ?? 0);
  const parts = [`已逾期${overdue}天（第${l.level}级督办）`];
  if (l.noticeNumber) parts.push(`巡察办已下发督办单${l.noticeNumber}`);
  if (l.interviewRecommended) parts.push('建议约谈责任单位主要负责人');
  if (!l.noticeNumber && !l.interviewRecommended) parts.push('请立即整改并报告进展（催办）');
  return parts.join('，');
}

export function renderDigest(recipientName: string, lines: readonly DigestLine[]): DigestText {
  const escalated = lines.filter((l) => l.kind === 'escalation').length;
  const manual = lines.find((l) => l.kind === 'manual_supervise') ?? lines.find((l) => l.kind === 'manual_urge');
  const title = manual
    ? `【整改${manual.kind === 'manual_supervise' ? '督办' : '催办'}】${recipientName}：巡察办对${lines.length}项整改事项${manual.kind === 'manual_supervise' ? '下发督办' : '进行催办'}`
    : escalated
      ? `【整改督办】${recipientName}：${lines.length}项整改事项需要关注（其中${escalated}项已逾期）`
      : `【整改提醒】${recipientName}：${lines.length}项整改事项需要关注`;
  const sorted = [...lines].sort((a, b) => (a.deadline ?? '9999').localeCompare(b.deadline ?? '9999') || a.title.localeCompare(b.title));
  const body = [
    `${recipientName}，您好：`,
    `以下${lines.length}项整改事项需要您关注：`,
    ...sorted.map((l, i) => `${i + 1}. 【${l.unitName}】${l.title}（整改时限：${l.deadline ?? '长期'}）——${describeLine(l)}`),
    '',
    '请登录整改跟踪督办系统查看详情并及时报送整改进展。',
  ].join('\n');
  return { title: title.slice(0, 200), body };
}
