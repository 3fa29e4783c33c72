/**
 * The words of a digest (one message per recipient per sweep, listing all their items). Pure;
 * the same text goes to the inbox, e-mail and the webhook. Users read it: Chinese.
 *
 * What a line says is true as of the sweep that recorded it: the item's OWN remaining or overdue
 * days (working days when the policy counts them, and it says so), never the rule's threshold.
 * The wording depends on who reads it: the owner is asked to report progress, the unit manager to
 * see that it is done, the office and leadership are informed and shown the next step.
 */
import { OBLIGATION_KIND_LABELS } from '../../common/labels.js';
import type { Role } from '../../common/roles.js';
import type { LedgerKind } from './follow-up.entities.js';
import type { ObligationKind } from '../obligations/obligations.entities.js';

/** Who a line speaks to. */
export type Audience = 'owner' | 'unit_manager' | 'office' | 'leadership';

export interface DigestLine {
  /** Null on a unit's line: an obligation (obligationKind) or a 约谈 notice. */
  itemId: string | null;
  obligationId?: string | null;
  /** What the unit owes: its 整改方案, its 整改情况报告, a self-check answer. */
  obligationKind?: ObligationKind | null;
  /** The item's title; on a unit's line, the round's. */
  title: string;
  unitName: string;
  deadline: string | null;
  kind: LedgerKind;
  /** Days from the threshold to the deadline (7 = seven days before, -7 = seven days after). */
  offsetDays: number | null;
  /** The item's own days to its deadline as of the sweep (negative: overdue); null when unknown. */
  remainingDays: number | null;
  /** remainingDays counts working days (the policy's countWorkingDays). */
  workingDays: boolean;
  level: number | null;
  noticeNumber: string | null;
  /** The 督办单's reply deadline. */
  replyDue?: string | null;
  interviewRecommended: boolean;
  /** The item's owner: a line of the recipient's own item speaks to the owner. */
  ownerId?: string | null;
  /** The office's note on a manual chase, or a decision's reason. */
  note?: string | null;
}

export interface DigestText {
  title: string;
  body: string;
}

export interface DigestRecipient {
  id: string;
  name: string;
  role: Role;
}

/** The audience a role reads as when the line is not about an item it owns. */
export function audienceOf(role: Role): Audience {
  if (role === 'unit_staff') return 'owner';
  if (role === 'unit_manager') return 'unit_manager';
  if (role === 'leadership') return 'leadership';
  return 'office';
}

/** "还有3个工作日" · "今天到期" · "已逾期60天"; empty when the days are unknown. */
export function dayText(remaining: number | null, workingDays: boolean): string {
  if (remaining === null) return '';
  const unit = workingDays ? '个工作日' : '天';
  if (remaining > 0) return `还有${remaining}${unit}`;
  if (remaining === 0) return '今天到期';
  return `已逾期${-remaining}${unit}`;
}

const LEVEL_NAMES: Record<number, string> = { 1: '催办', 2: '督办单', 3: '约谈' };

function escalationAction(l: DigestLine, who: Audience): string {
  const notice = l.noticeNumber ? `巡察办已下发督办单${l.noticeNumber}` : '';
  const reply = l.noticeNumber && l.replyDue ? `，请单位负责人于${l.replyDue}前书面回复` : '';
  const head = `第${l.level}级督办（${LEVEL_NAMES[l.level ?? 0] ?? '督办'}）`;
  switch (who) {
    case 'owner':
      return [head, notice, '请立即整改并报告整改进展'].filter(Boolean).join('，');
    case 'unit_manager':
      return [head, notice && `${notice}${reply}`, l.interviewRecommended ? '领导小组拟约谈单位主要负责人' : '', '请督促责任人立即整改到位']
        .filter(Boolean)
        .join('，');
    case 'office':
      return [
        head,
        l.noticeNumber ? `已下发督办单${l.noticeNumber}` : '',
        l.interviewRecommended
          ? '下一步：提请领导小组约谈责任单位主要负责人'
          : l.noticeNumber
            ? '下一步：跟踪督办单回复，逾期仍未整改的提请约谈'
            : '下一步：仍未整改的下发督办单督办',
      ]
        .filter(Boolean)
        .join('，');
    case 'leadership':
      return [head, notice, l.interviewRecommended ? '建议约谈责任单位主要负责人' : '巡察办正在督办'].filter(Boolean).join('，');
  }
}

function manualAction(l: DigestLine, who: Audience): string {
  const urge = l.kind === 'manual_urge';
  const notice = l.noticeNumber ? `，已下发督办单${l.noticeNumber}` : '';
  const reply = l.noticeNumber && l.replyDue ? `，请于${l.replyDue}前书面回复` : '';
  const parts =
    who === 'owner'
      ? [`巡察办${urge ? '催办' : `督办${notice}`}：请立即整改并报告整改进展`]
      : who === 'unit_manager'
        ? [`巡察办${urge ? '催办' : `督办${notice}${reply}`}：请单位负责人督促责任人立即整改到位`]
        : [
            `巡察办已${urge ? '催办' : `督办${notice}`}`,
            urge ? '下一步：仍未整改的下发督办单督办' : '下一步：跟踪督办单回复，仍未整改的提请约谈',
          ];
  if (l.note) parts.push(`附言：${l.note}`);
  return parts.join('；');
}

/** The office's decisions: what was decided, then what the reader does next. */
function decisionAction(l: DigestLine, who: Audience): string {
  const owner = who === 'owner';
  switch (l.kind) {
    case 'decision_reject':
      return `巡察办退回销号申请，退回理由：${l.note ?? '（未填写）'}；${owner ? '请按要求补充整改后重新提交' : '请督促责任人按要求补充整改后重新提交'}`;
    case 'decision_close':
      return `巡察办已审核通过，准予销号${l.note ? `（${l.note}）` : ''}`;
    case 'decision_extension':
      return `延期申请已审批：${l.note ?? ''}`;
    case 'decision_reply':
      return `单位已书面回复督办单：${l.note ?? ''}；请审阅回复并跟踪整改落实`;
    case 'decision_reopen':
      return `巡察办重新打开已销号事项（问题反弹），理由：${l.note ?? '（未填写）'}；${owner ? '请重新整改并报送整改进展' : '请督促责任人重新整改并报送整改进展'}`;
    default:
      return owner ? '您已被指派为该事项的责任人，请及时开展整改并报送整改进展' : `责任人已指派为${l.note ?? ''}，请督促按期完成整改`;
  }
}

export const DECISION_TITLES: Record<string, string> = {
  decision_reject: '整改退回',
  decision_close: '整改销号',
  decision_extension: '延期审批',
  decision_assign: '责任人指派',
  decision_reply: '督办单回复',
  decision_reopen: '问题反弹',
};

/** A unit's obligation: reminded, then escalated like an item, but it is the unit manager's own task. */
function obligationAction(l: DigestLine, who: Audience): string {
  const task = OBLIGATION_KIND_LABELS[l.obligationKind ?? 'unit_plan'];
  const office = who === 'office' || who === 'leadership';
  if (l.kind === 'self_check_notice') return `巡察办下发自查自纠，请单位负责人对照共性问题组织自查，于${l.deadline ?? '期限'}前答复`;
  if (l.kind === 'escalation') {
    const head = `第${l.level}级督办（${LEVEL_NAMES[l.level ?? 0] ?? '督办'}），逾期未${task}`;
    if (!office) return `${head}，请单位负责人立即${task}`;
    return l.interviewRecommended ? `${head}，建议约谈单位主要负责人` : `${head}，下一步：继续督办，仍未报送的提请约谈`;
  }
  return office ? `即将到期，${task}，供知悉` : `请单位负责人按期${task}`;
}

export function describeLine(l: DigestLine, who: Audience = 'owner'): string {
  if (l.kind === 'interview_notice') return `巡察办已登记对本单位的约谈${l.note ? `（${l.note}）` : ''}，请按约谈要求抓好整改落实`;
  if (l.obligationKind) return obligationAction(l, who);
  if (l.kind.startsWith('decision_')) return decisionAction(l, who);
  if (l.kind === 'notice_chase') {
    return who === 'office' || who === 'leadership'
      ? `督办单${l.note ?? ''}逾期未回复，下一步：提请约谈`
      : `督办单${l.note ?? ''}已过回复期限仍未回复，请单位负责人立即书面回复`;
  }
  if (l.kind === 'manual_urge' || l.kind === 'manual_supervise') return manualAction(l, who);
  if (l.kind === 'escalation') return escalationAction(l, who);
  if (l.kind === 'check_in') {
    return who === 'owner'
      ? '长期整改事项定期调度，请报送最新整改进展'
      : who === 'unit_manager'
        ? '长期整改事项定期调度，请督促责任人报送最新整改进展'
        : '长期整改事项定期调度，供知悉';
  }
  // reminder
  return who === 'owner'
    ? '请抓紧推进，按时完成整改并报送整改进展'
    : who === 'unit_manager'
      ? '请督促责任人按期完成整改'
      : '即将到期，供知悉';
}

const CLOSING: Record<Audience, string> = {
  owner: '请登录整改跟踪督办系统查看详情并及时报送整改进展。',
  unit_manager: '请登录整改跟踪督办系统查看详情，督促责任人按期完成整改。',
  office: '以上情况供知悉，请登录整改跟踪督办系统跟进督办。',
  leadership: '以上情况特此报告，详情请登录整改跟踪督办系统查看。',
};

/** Most urgent first: most overdue, then fewest days left; lines without a day count last. */
export function byUrgency(a: DigestLine, b: DigestLine): number {
  const ra = a.remainingDays ?? Number.MAX_SAFE_INTEGER;
  const rb = b.remainingDays ?? Number.MAX_SAFE_INTEGER;
  return ra - rb || (a.deadline ?? '9999').localeCompare(b.deadline ?? '9999') || a.title.localeCompare(b.title);
}

/** The page of an item: `${base}/items/${id}` (the web module's item page). */
export function itemUrl(baseUrl: string, itemId: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/items/${itemId}`;
}

/** The items a digest speaks of (a unit's lines have none). */
export function itemIdsOf(lines: readonly DigestLine[]): string[] {
  return [...new Set(lines.flatMap((l) => (l.itemId ? [l.itemId] : [])))];
}

/** One numbered line: an item's with its link; a unit's (obligation, 约谈) with what it owes and by when. */
function lineText(l: DigestLine, who: Audience, baseUrl: string): string {
  if (l.itemId === null) {
    const days = dayText(l.remainingDays, l.workingDays);
    if (l.kind === 'interview_notice') return `【${l.unitName}】约谈通知——${describeLine(l, who)}。`;
    const task = OBLIGATION_KIND_LABELS[l.obligationKind ?? 'unit_plan'];
    return `【${l.unitName}】${l.title}：${task}（报送期限：${l.deadline ?? '未定'}${days ? `，${days}` : ''}）——${describeLine(l, who)}。`;
  }
  // A closed item has no days left: the line says whether it closed late instead.
  const days = l.kind === 'decision_close' ? '' : dayText(l.remainingDays, l.workingDays);
  return `【${l.unitName}】${l.title}（整改时限：${l.deadline ?? '长期'}${days ? `，${days}` : ''}）——${describeLine(l, who)}。详情：${itemUrl(baseUrl, l.itemId)}`;
}

export function renderDigest(recipient: DigestRecipient, lines: readonly DigestLine[], baseUrl: string): DigestText {
  const audience = audienceOf(recipient.role);
  const who = (l: DigestLine): Audience => (l.ownerId && l.ownerId === recipient.id ? 'owner' : audience);
  const escalated = lines.filter((l) => l.kind === 'escalation').length;
  const manual = lines.find((l) => l.kind === 'manual_supervise') ?? lines.find((l) => l.kind === 'manual_urge');
  const chasedNotice = lines.some((l) => l.kind === 'notice_chase');
  const name = recipient.name;
  const decision = lines.find((l) => l.kind.startsWith('decision_'));
  // Lines of a unit (an obligation, a 约谈 notice): a digest of only those says so in its title.
  const unitLines = lines.filter((l) => l.itemId === null).length;
  const interview = lines.find((l) => l.kind === 'interview_notice');
  const overdueTasks = lines.filter((l) => l.itemId === null && l.kind === 'escalation').length;
  // A digest mixing items and a unit's lines counts 事项, not 整改事项.
  const noun = unitLines === 0 ? '整改事项' : '事项';
  const title =
    unitLines === lines.length
      ? interview && lines.length === 1
        ? `【约谈通知】${name}：${interview.unitName}`
        : lines.every((l) => l.kind === 'self_check_notice')
          ? `【自查自纠】${name}：巡察办下发${lines.length}项自查自纠（举一反三）`
          : `【${overdueTasks ? '报送督办' : '报送提醒'}】${name}：${lines.length}项报送任务需要关注${overdueTasks ? `（其中${overdueTasks}项已逾期）` : ''}`
      : decision
        ? `【${DECISION_TITLES[decision.kind]}】${name}：${lines.length === 1 ? decision.title : `${lines.length}项${noun}`}`
        : chasedNotice && !manual && !escalated
          ? `【督办单催复】${name}：${lines.length}项${noun}的督办单逾期未回复`
          : manual
            ? `【整改${manual.kind === 'manual_supervise' ? '督办' : '催办'}】${name}：巡察办对${lines.length}项${noun}${manual.kind === 'manual_supervise' ? '下发督办' : '进行催办'}`
            : escalated
              ? `【整改督办】${name}：${lines.length}项${noun}需要关注（其中${escalated}项已逾期）`
              : `【整改提醒】${name}：${lines.length}项${noun}需要关注`;
  const sorted = [...lines].sort(byUrgency);
  const body = [
    `${name}，您好：`,
    `以下${lines.length}项${noun}需要您关注（按紧急程度排列）：`,
    ...sorted.map((l, i) => `${i + 1}. ${lineText(l, who(l), baseUrl)}`),
    '',
    CLOSING[audience],
  ].join('\n');
  return { title: title.slice(0, 200), body };
}
