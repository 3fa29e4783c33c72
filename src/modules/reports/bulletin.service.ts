import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import ExcelJS from 'exceljs';
import { DataSource } from 'typeorm';
import { Clock } from '../../common/clock.js';
import { addDays, daysBetween } from '../../common/dates.js';
import { notFound } from '../../common/errors.js';
import { DOCUMENT_ISSUERS } from '../../common/labels.js';
import type { EnvironmentVariables } from '../../config/env.validation.js';
import { boundedRows, chineseDate, renderDocx } from '../documents/official-document.js';
import { FollowUpMessagesService } from '../follow-up/messages.service.js';
import type { Overview } from './report-figures.js';
import { ReportBulletin } from './report.entities.js';
import { ReportsService, type ClosureRow } from './reports.service.js';

const pct = (r: number | null) => (r === null ? '—' : `${(r * 100).toFixed(1)}%`);

/** Monday of the ISO week containing `day`. */
export function weekStartOf(day: string): string {
  const dow = new Date(`${day}T00:00:00Z`).getUTCDay(); // 0 = Sunday
  return addDays(day, -((dow + 6) % 7));
}

interface WeekItem {
  id: string;
  title: string;
  unit: string;
  deadline: string;
  daysOverdue?: number;
  level?: number;
}

export interface BulletinFigures {
  weekStart: string;
  weekEnd: string;
  asOf: string;
  overview: Overview;
  unitsRanked: ClosureRow[];
  closedThisWeek: number;
  newlyOverdue: WeekItem[];
  escalations: WeekItem[];
}

/**
 * The weekly progress bulletin (整改进展通报): the week's figures as a workbook and a short Chinese
 * summary, kept in report_bulletins and put in the inbox of leadership and the office. One
 * bulletin per week: running it again refreshes the figures and never doubles a message.
 */
@Injectable()
export class BulletinService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly reports: ReportsService,
    private readonly clock: Clock,
    private readonly config: ConfigService<EnvironmentVariables, true>,
    private readonly messages: FollowUpMessagesService,
  ) {}

  async figures(day: string): Promise<BulletinFigures> {
    const weekStart = weekStartOf(day);
    const weekEnd = addDays(weekStart, 6);
    const asOf = this.reports.today();
    const tz = this.config.get('APP_TIMEZONE', { infer: true });
    const all = { all: true } as const;
    const overview = await this.reports.overviewForScope(all);
    const unitsRanked = (await this.reports.closureForScope(all, {}, 'unit')).sort(
      (a, b) => (b.closureRate ?? -1) - (a.closureRate ?? -1) || b.total - a.total || a.label.localeCompare(b.label, 'zh'),
    );
    // Became overdue during the week: the first overdue day (deadline + 1) falls in it, and still open.
    const lastOverdueStart = asOf < weekEnd ? asOf : weekEnd;
    const newlyOverdue: Record<string, string>[] = await this.dataSource.query(
      `SELECT i.id, i.title, u.name AS unit, i.deadline::text AS deadline
         FROM rectification_items i JOIN units u ON u.id = i.responsible_unit_id
        WHERE i.status IN ('pending', 'in_progress') AND i.deadline >= $1::date AND i.deadline < $2::date AND i.deadline < $3::date
        ORDER BY i.deadline, u.code, i.id`,
      [addDays(weekStart, -1), lastOverdueStart, asOf],
    );
    const escalations: Record<string, string>[] = await this.dataSource.query(
      `SELECT i.id, i.title, u.name AS unit, i.deadline::text AS deadline, l.level
         FROM reminder_ledger l JOIN rectification_items i ON i.id = l.item_id JOIN units u ON u.id = i.responsible_unit_id
        WHERE l.kind = 'escalation' AND (l.created_at AT TIME ZONE $3)::date BETWEEN $1::date AND $2::date
        ORDER BY l.level DESC, u.code, i.id`,
      [weekStart, weekEnd, tz],
    );
    const [{ n: closedThisWeek }] = await this.dataSource.query(
      `SELECT count(*)::int AS n FROM rectification_items WHERE status = 'closed' AND closed_on BETWEEN $1::date AND $2::date`,
      [weekStart, weekEnd],
    );
    return {
      weekStart,
      weekEnd,
      asOf,
      overview,
      unitsRanked,
      closedThisWeek,
      newlyOverdue: newlyOverdue.map((r) => ({
        id: r.id,
        title: r.title,
        unit: r.unit,
        deadline: r.deadline,
        daysOverdue: daysBetween(r.deadline, asOf),
      })),
      escalations: escalations.map((r) => ({ id: r.id, title: r.title, unit: r.unit, deadline: r.deadline, level: Number(r.level) })),
    };
  }

  static summary(f: BulletinFigures): string {
    const o = f.overview;
    const ranked = f.unitsRanked.filter((u) => u.total > 0);
    const top = ranked.slice(0, 3).map((u) => `${u.label}（${pct(u.closureRate)}）`);
    const bottom =
      ranked.length > 3
        ? ranked
            .slice(-3)
            .reverse()
            .map((u) => `${u.label}（${pct(u.closureRate)}）`)
        : [];
    const lines = [
      `${f.weekStart}至${f.weekEnd}整改进展通报：截至${f.asOf}，整改事项共${o.total}项，已销号${o.closed}项，销号率${pct(o.closureRate)}` +
        `（长期坚持类${o.longTerm.total}项，已销号${o.longTerm.closed}项）；按期销号率${pct(o.onTimeRate)}。`,
      `本周销号${f.closedThisWeek}项，新增逾期${f.newlyOverdue.length}项，目前逾期${o.overdue}项、临期${o.dueSoon}项；本周发出督办升级${f.escalations.length}次。`,
    ];
    if (top.length) lines.push(`销号率靠前：${top.join('、')}。`);
    if (bottom.length) lines.push(`销号率靠后：${bottom.join('、')}，请抓紧推进。`);
    return lines.join('\n');
  }

  /** The headline figures, label and value, shown alike in the workbook and the Word 通报. */
  static figureRows(f: BulletinFigures): [string, number | string][] {
    const o = f.overview;
    return [
      ['整改事项总数', o.total],
      ['已销号', o.closed],
      ['销号率', pct(o.closureRate)],
      ['按期销号率', pct(o.onTimeRate)],
      ['平均销号用时（天）', o.meanDaysToClose ?? '—'],
      ['逾期', o.overdue],
      ['临期', o.dueSoon],
      ['长期坚持类（总数/已销号）', `${o.longTerm.total}/${o.longTerm.closed}`],
      ['本周销号', f.closedThisWeek],
      ['本周新增逾期', f.newlyOverdue.length],
      ['本周督办升级', f.escalations.length],
    ];
  }

  static async workbook(f: BulletinFigures, summary: string): Promise<Buffer> {
    const wb = new ExcelJS.Workbook();
    wb.creator = 'Rectify 整改跟踪督办系统';
    const s1 = wb.addWorksheet('概况');
    s1.columns = [{ width: 22 }, { width: 16 }];
    s1.addRow([`整改进展通报（${f.weekStart}至${f.weekEnd}）`]).font = { bold: true, size: 14 };
    s1.addRow(['统计截止日', new Date(`${f.asOf}T00:00:00Z`)]).getCell(2).numFmt = 'yyyy-mm-dd';
    const rows = BulletinService.figureRows(f);
    for (const r of rows) s1.addRow(r);
    s1.addRow([]);
    s1.addRow(['摘要']).font = { bold: true };
    for (const line of summary.split('\n')) s1.addRow([line]);

    const s2 = wb.addWorksheet('各单位销号率排名', { views: [{ state: 'frozen', ySplit: 1 }] });
    s2.columns = [
      { header: '名次', width: 6 },
      { header: '责任单位', width: 24 },
      { header: '事项数', width: 9 },
      { header: '已销号', width: 9 },
      { header: '待审核', width: 9 },
      { header: '整改中', width: 9 },
      { header: '待整改', width: 9 },
      { header: '逾期', width: 9 },
      { header: '销号率', width: 10 },
    ];
    s2.getRow(1).font = { bold: true };
    f.unitsRanked.forEach((u, i) =>
      s2.addRow([i + 1, u.label, u.total, u.closed, u.submitted, u.inProgress, u.pending, u.overdue, pct(u.closureRate)]),
    );

    const items = (name: string, list: WeekItem[], withLevel: boolean) => {
      const s = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
      s.columns = [
        { header: '序号', width: 6 },
        { header: '责任单位', width: 24 },
        { header: '整改事项', width: 48 },
        { header: '整改时限', width: 13, style: { numFmt: 'yyyy-mm-dd' } },
        { header: withLevel ? '督办级别' : '逾期天数', width: 10 },
      ];
      s.getRow(1).font = { bold: true };
      list.forEach((it, i) =>
        s.addRow([i + 1, it.unit, it.title, new Date(`${it.deadline}T00:00:00Z`), withLevel ? it.level : it.daysOverdue]),
      );
    };
    items('本周新增逾期', f.newlyOverdue, false);
    items('本周督办升级', f.escalations, true);
    return Buffer.from(await wb.xlsx.writeBuffer());
  }

  /** The bulletin as a Word 通报: the same figures as the workbook, in the 公文 layout. */
  static docx(f: BulletinFigures, summary: string): Promise<Buffer> {
    const ranked = boundedRows(
      f.unitsRanked.map((u, i) => [i + 1, u.label, u.total, u.closed, u.submitted, u.inProgress, u.pending, u.overdue, pct(u.closureRate)]),
    );
    const weekItems = (list: WeekItem[], withLevel: boolean) =>
      boundedRows(list.map((it, i) => [i + 1, it.unit, it.title, it.deadline, String(withLevel ? it.level : it.daysOverdue)]));
    const newlyOverdue = weekItems(f.newlyOverdue, false);
    const escalations = weekItems(f.escalations, true);
    return renderDocx({
      documentNumber: null,
      year: Number(f.asOf.slice(0, 4)),
      title: `整改进展通报\n（${chineseDate(f.weekStart)}至${chineseDate(f.weekEnd)}）`,
      addressee: '局巡察工作领导小组',
      blocks: [
        { kind: 'heading', level: 1, text: '总体情况' },
        ...summary.split('\n').map((text) => ({ kind: 'paragraph' as const, text })),
        {
          kind: 'table',
          headers: ['指标', '数值'],
          widths: [60, 40],
          rows: BulletinService.figureRows(f),
        },
        { kind: 'heading', level: 1, text: '各单位销号率排名' },
        {
          kind: 'table',
          headers: ['名次', '责任单位', '事项数', '已销号', '待审核', '整改中', '待整改', '逾期', '销号率'],
          widths: [8, 28, 9, 9, 9, 9, 9, 8, 11],
          ...ranked,
        },
        { kind: 'heading', level: 1, text: `本周新增逾期（${f.newlyOverdue.length}项）` },
        { kind: 'table', headers: ['序号', '责任单位', '整改事项', '整改时限', '逾期天数'], widths: [8, 24, 40, 16, 12], ...newlyOverdue },
        { kind: 'heading', level: 1, text: `本周督办升级（${f.escalations.length}次）` },
        { kind: 'table', headers: ['序号', '责任单位', '整改事项', '整改时限', '督办级别'], widths: [8, 24, 40, 16, 12], ...escalations },
      ],
      issuer: DOCUMENT_ISSUERS.office,
      date: f.asOf,
    });
  }

  /** The Word 通报 of the week containing `day` (default: yesterday's week), from today's figures. */
  async docxOfWeek(day?: string): Promise<{ name: string; bytes: Buffer }> {
    const f = await this.figures(day ?? addDays(this.reports.today(), -1));
    return { name: `整改进展通报（${f.weekStart}至${f.weekEnd}）`, bytes: await BulletinService.docx(f, BulletinService.summary(f)) };
  }

  /** The Word 通报 of a stored bulletin: the figures it was sent with. */
  async docxOf(id: string): Promise<{ name: string; bytes: Buffer }> {
    const row = await this.dataSource.getRepository(ReportBulletin).findOneBy({ id });
    if (!row) throw notFound('通报');
    return { name: row.title, bytes: await BulletinService.docx(row.figures as unknown as BulletinFigures, row.summary) };
  }

  /** Builds, stores and delivers the bulletin of the week containing `day` (default: yesterday's week). */
  async run(day?: string): Promise<ReportBulletin> {
    const covered = day ?? addDays(this.reports.today(), -1);
    const f = await this.figures(covered);
    const summary = BulletinService.summary(f);
    const xlsx = await BulletinService.workbook(f, summary);
    const title = `整改进展通报（${f.weekStart}至${f.weekEnd}）`;
    const now = this.clock.now();
    const bulletin = await this.dataSource.transaction(async (m) => {
      const [{ id }] = await m.query(
        `INSERT INTO report_bulletins (week_start, week_end, title, summary, figures, xlsx, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (week_start) DO UPDATE SET title = EXCLUDED.title, summary = EXCLUDED.summary, figures = EXCLUDED.figures,
           xlsx = EXCLUDED.xlsx, created_at = EXCLUDED.created_at
         RETURNING id`,
        [f.weekStart, f.weekEnd, title, summary, JSON.stringify(f), xlsx, now],
      );
      // Inbox of leadership and the office (the follow-up module's notifications table); one per week.
      const inserted: unknown[] = await m.query(
        `INSERT INTO notifications (user_id, digest_key, title, body, item_ids, run_id, created_at)
         SELECT u.id, 'bulletin:' || $1::text, $2, $3 || E'\n（通报表格：/api/v1/reports/bulletins/' || $4::text || '.xlsx）', '{}', $4::uuid, $5
           FROM users u WHERE u.active AND u.role IN ('leadership', 'office')
         ON CONFLICT (user_id, digest_key) DO UPDATE SET body = EXCLUDED.body
         RETURNING 1`,
        [f.weekStart, title, summary, id, now],
      );
      await m.query(`UPDATE report_bulletins SET delivered = $2 WHERE id = $1`, [id, inserted.length]);
      const saved = await m.getRepository(ReportBulletin).findOneByOrFail({ id });
      return saved;
    });
    // E-mail (with the workbook) and webhook, when configured: once per week, recipient and channel.
    const recipients: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM users WHERE active AND role IN ('leadership', 'office')`,
    );
    await this.messages.notifyUsers(
      recipients.map((r) => r.id),
      {
        key: `bulletin:${f.weekStart}`,
        title,
        body: summary,
        attachment: { filename: `整改进展通报（${f.weekStart}至${f.weekEnd}）.xlsx`, content: xlsx },
      },
      { channels: ['email', 'webhook'] },
    );
    return bulletin;
  }

  async list(): Promise<ReportBulletin[]> {
    return this.dataSource.getRepository(ReportBulletin).find({ order: { weekStart: 'DESC' }, take: 200 });
  }

  async xlsx(id: string): Promise<{ bulletin: ReportBulletin; xlsx: Buffer }> {
    const row = await this.dataSource
      .getRepository(ReportBulletin)
      .createQueryBuilder('b')
      .addSelect('b.xlsx')
      .where('b.id = :id', { id })
      .getOne();
    if (!row) throw notFound('通报');
    return { bulletin: row, xlsx: row.xlsx };
  }
}
