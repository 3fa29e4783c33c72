/**
 * How a digest looks on each outside channel. Pure. Users read it: Chinese.
 * - E-mail: the digest's text as the plain-text part, and the same words as HTML (every character
 *   of data escaped) with a header and the footer the bureau expects on an automatic mail.
 * - The office robot: counts per kind and level only — never an item title or a unit name, since
 *   the office's group is not the units' group.
 */
import type { DigestLine, DigestText } from '../digest-text.js';

const FOOTER = '此邮件由整改跟踪督办系统自动发送，请勿直接回复。如有疑问请联系巡察办。';

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

export interface EmailParts {
  subject: string;
  text: string;
  html: string;
}

export function emailParts(t: DigestText): EmailParts {
  const lines = t.body.split('\n');
  const html = [
    '<!DOCTYPE html>',
    '<html lang="zh-CN"><head><meta charset="utf-8"><title>' + escapeHtml(t.title) + '</title></head>',
    "<body style=\"font-family: 'PingFang SC', 'Microsoft YaHei', sans-serif; font-size: 14px; line-height: 1.7; color: #1f2329\">",
    '<h2 style="font-size: 18px; color: #b42318">' + escapeHtml(t.title) + '</h2>',
    ...lines.map((l) => (l.trim() === '' ? '<br>' : `<p style="margin: 0 0 6px">${escapeHtml(l)}</p>`)),
    `<hr style="border: none; border-top: 1px solid #ddd"><p style="color: #646a73; font-size: 12px">${escapeHtml(FOOTER)}</p>`,
    '</body></html>',
  ].join('\n');
  return { subject: t.title, text: `${t.body}\n\n——\n${FOOTER}`, html };
}

/** What the office robot is told of a digest: how many of each kind and level, nothing else. */
export function officeRobotText(lines: readonly DigestLine[]): DigestText {
  const count = (f: (l: DigestLine) => boolean) => lines.filter(f).length;
  const rows: [string, number][] = [
    ['临期提醒', count((l) => l.kind === 'reminder')],
    ['长期整改定期调度', count((l) => l.kind === 'check_in')],
    ['巡察办催办', count((l) => l.kind === 'manual_urge')],
    ['巡察办督办', count((l) => l.kind === 'manual_supervise')],
  ];
  const levels = [...new Set(lines.filter((l) => l.kind === 'escalation').map((l) => l.level ?? 0))].sort((a, b) => a - b);
  for (const level of levels) {
    const at = lines.filter((l) => l.kind === 'escalation' && (l.level ?? 0) === level);
    const notices = at.filter((l) => l.noticeNumber).length;
    const interview = at.some((l) => l.interviewRecommended);
    rows.push([`逾期第${level}级督办${notices ? `（其中下发督办单${notices}份）` : ''}${interview ? '（建议约谈）' : ''}`, at.length]);
  }
  const body = [
    `本轮跟踪督办共涉及整改事项${lines.length}项：`,
    ...rows.filter(([, n]) => n > 0).map(([label, n]) => `· ${label}：${n}项`),
    '',
    '为保护各单位信息，群消息只列数量；事项明细请登录整改跟踪督办系统查看。',
  ].join('\n');
  return { title: `【整改督办】本轮${lines.length}项整改事项需要关注`, body };
}

/** A message (e.g. the weekly bulletin) on the office robot: its title only; the content is in the system. */
export function officeRobotMessage(title: string): DigestText {
  return { title, body: '详情请登录整改跟踪督办系统查看。' };
}
