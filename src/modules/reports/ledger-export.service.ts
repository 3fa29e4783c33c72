import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import ExcelJS from 'exceljs';
import type { Writable } from 'node:stream';
import { DataSource } from 'typeorm';
import type { Actor } from '../../common/actor.js';
import type { EnvironmentVariables } from '../../config/env.validation.js';
import { RECTIFICATION_TYPE_LABELS, type RectificationType } from '../plans/measure.entity.js';
import { applyItemFilters, type ItemFilters } from '../rectification/item-filters.js';
import { ITEM_STATUS_LABELS, type ItemStatus } from '../rectification/item-lifecycle.js';
import { RectificationItem } from '../rectification/rectification-item.entity.js';
import { SOURCE_MEASURES } from './item-sources.js';
import { ScopeService } from '../scope/scope.service.js';
import { ExportPool } from './export-limits.js';
import { csvField, LEDGER_COLUMNS, type LedgerRow } from './ledger-columns.js';
import { ReportsService } from './reports.service.js';
import { drained, finished, sheetDrained } from './stream-drain.js';

const FETCH_SIZE = 1000;
/** CSV text handed to the response at a time: well below V8's large-object threshold, so it is freed early. */
const CHUNK_CHARS = 16_384;

const toDate = (d: string | null): Date | null => (d ? new Date(`${d}T00:00:00Z`) : null);

function excelColumn(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

/**
 * One style object per kind of data cell. exceljs caches a style's id by the style object's
 * identity, and addRow gives every cell a fresh merged copy, so each cell cost a lookup by its
 * rendered XML: half the export's time. The cache ignores the cell's type, which is right here
 * because a date column holds only dates (or nothing) and the other columns no dates. Frozen:
 * exceljs' setters write into a cell's style object.
 */
const DATE_STYLE: Partial<ExcelJS.Style> = Object.freeze({ numFmt: 'yyyy-mm-dd' });
const PLAIN_STYLE: Partial<ExcelJS.Style> = Object.freeze({});
const CELL_STYLES = LEDGER_COLUMNS.map((c) => ('date' in c ? DATE_STYLE : PLAIN_STYLE));

/**
 * The ledger (整改台账) export: one row per item with its measure numbers and feedback-problem
 * codes, read through a server-side cursor and written row by row to the response, so memory
 * stays flat however many rows there are.
 */
@Injectable()
export class LedgerExportService {
  private readonly stallMs: number;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly scopes: ScopeService,
    private readonly reports: ReportsService,
    private readonly exportPool: ExportPool,
    config: ConfigService<EnvironmentVariables, true>,
  ) {
    this.stallMs = config.get('LEDGER_STALL_TIMEOUT_SECONDS', { infer: true }) * 1000;
  }

  private async query(actor: Actor, filters: ItemFilters): Promise<[string, unknown[]]> {
    const scope = await this.scopes.resolve(actor);
    const ctx = this.reports.contextFor(scope);
    const qb = this.dataSource
      .getRepository(RectificationItem)
      .createQueryBuilder('i')
      .leftJoin('findings', 'f', 'f.id = i.finding_id')
      // A measure's own task has no finding: its problem is the measure, its source the plan.
      .leftJoin('measures', 'om', 'om.id = i.measure_id')
      .leftJoin('rectification_plans', 'op', 'op.id = om.plan_id')
      .innerJoin('units', 'u', 'u.id = i.responsible_unit_id')
      .leftJoin('users', 'o', 'o.id = i.owner_id')
      .leftJoin('inspections', 'ins', 'ins.id = f.inspection_id')
      .leftJoin('inspection_batches', 'b', 'b.id = f.batch_id')
      .select('i.id', 'id')
      .addSelect('i.title', 'title')
      .addSelect('i.actions', 'actions')
      .addSelect('i.status', 'status')
      .addSelect('i.rectification_type', 'type')
      .addSelect('i.deadline::text', 'deadline')
      .addSelect('i.original_deadline::text', 'original_deadline')
      .addSelect('i.closed_on::text', 'closed_on')
      .addSelect('coalesce(f.description, om.content)', 'description')
      .addSelect('f.category', 'category')
      .addSelect(`coalesce(ins.title, op.title, '') || coalesce(' 第' || b.number || '批', '')`, 'source')
      .addSelect('u.name', 'unit')
      // 责任人: the owner, else the responsible leader's name (an item imported with an owner who is no user).
      .addSelect('coalesce(o.display_name, i.responsible_leader)', 'owner')
      // Measure numbers and problem codes once per finding (hash-joined), not two subqueries per row.
      .leftJoin(
        (sq) =>
          sq
            .select('fm.source_id', 'source_id')
            .addSelect(`string_agg(m.number::text, '、' ORDER BY m.number)`, 'measure_numbers')
            .from(SOURCE_MEASURES, 'fm')
            .innerJoin('measures', 'm', 'm.id = fm.measure_id')
            .groupBy('fm.source_id'),
        'mn',
        'mn.source_id = coalesce(i.finding_id, i.measure_id)',
      )
      .leftJoin(
        (sq) =>
          sq
            .select('fm.source_id', 'source_id')
            .addSelect(`string_agg(DISTINCT p.code, '、')`, 'problem_codes')
            .from(SOURCE_MEASURES, 'fm')
            .innerJoin('measure_feedback_problems', 'mfp', 'mfp.measure_id = fm.measure_id')
            .innerJoin('feedback_problems', 'p', 'p.id = mfp.feedback_problem_id')
            .groupBy('fm.source_id'),
        'pc',
        'pc.source_id = coalesce(i.finding_id, i.measure_id)',
      )
      .addSelect('mn.measure_numbers', 'measure_numbers')
      .addSelect('pc.problem_codes', 'problem_codes')
      .addSelect(
        `(SELECT pu.note || coalesce('（' || pu.percent || '%）', '') FROM item_progress_updates pu WHERE pu.item_id = i.id ORDER BY pu.created_at DESC LIMIT 1)`,
        'progress',
      )
      .addSelect(
        `(CASE WHEN i.status IN ('pending', 'in_progress') AND i.deadline < :ledger_today THEN CAST(:ledger_today AS date) - i.deadline ELSE 0 END)`,
        'days_overdue',
      )
      .setParameter('ledger_today', ctx.today)
      .orderBy('u.code')
      .addOrderBy('f.created_at', 'ASC', 'NULLS LAST')
      .addOrderBy('i.created_at')
      .addOrderBy('i.id');
    applyItemFilters(qb, filters, { today: ctx.today, warningDays: ctx.warningDays, timeZone: ctx.timeZone });
    ScopeService.restrict(qb, scope, 'i.responsibleUnitId');
    // Drafts of a unit's 整改方案 not yet approved are not on the ledger (item-lifecycle `isCounted`).
    qb.andWhere(`i.status <> 'draft'`);
    return qb.getQueryAndParameters() as [string, unknown[]];
  }

  private static row(serial: number, r: Record<string, string | null>): LedgerRow {
    const status = r.status as ItemStatus;
    const remarks: string[] = [];
    const daysOverdue = Number(r.days_overdue ?? 0);
    if (daysOverdue > 0) remarks.push(`逾期${daysOverdue}天`);
    if (r.deadline !== r.original_deadline) remarks.push(`已延期（原定${r.original_deadline}）`);
    if (status === 'closed' && r.closed_on && r.original_deadline && r.closed_on > r.original_deadline) remarks.push('超期销号');
    return {
      serial,
      source: r.source,
      category: r.category,
      problemCodes: r.problem_codes,
      description: r.description,
      measureNumbers: r.measure_numbers,
      title: r.title,
      actions: r.actions,
      unit: r.unit,
      owner: r.owner,
      deadline: toDate(r.deadline),
      originalDeadline: toDate(r.original_deadline),
      type: RECTIFICATION_TYPE_LABELS[r.type as RectificationType] ?? r.type,
      progress: r.progress,
      status: ITEM_STATUS_LABELS[status] ?? status,
      closed: status === 'closed' ? '是' : '否',
      closedOn: toDate(r.closed_on),
      remark: remarks.join('；') || null,
      itemId: r.id,
    };
  }

  /**
   * Runs the query through a cursor in a read-only snapshot and hands each batch of rows on;
   * stops (rejects, and releases the connection) as soon as `signal` aborts. The connection comes
   * from the exports' own pool (ExportPool), never from the one the API answers requests with.
   */
  private async eachBatch(
    actor: Actor,
    filters: ItemFilters,
    signal: AbortSignal,
    onRows: (rows: LedgerRow[]) => Promise<void>,
  ): Promise<number> {
    const [sql, params] = await this.query(actor, filters);
    signal.throwIfAborted();
    const client = await this.exportPool.connect();
    let serial = 0;
    let broken: Error | undefined;
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      // JIT compiling this wide query cost more (≈1.6 s) than running it; the plan must favour the whole result.
      await client.query('SET LOCAL jit = off');
      await client.query('SET LOCAL cursor_tuple_fraction = 1');
      await client.query(`DECLARE ledger_cursor NO SCROLL CURSOR FOR ${sql}`, params);
      for (;;) {
        signal.throwIfAborted();
        const { rows } = await client.query<Record<string, string | null>>(`FETCH ${FETCH_SIZE} FROM ledger_cursor`);
        if (rows.length === 0) break;
        await onRows(rows.map((r) => LedgerExportService.row(++serial, r)));
        if (rows.length < FETCH_SIZE) break;
      }
      await client.query('COMMIT');
    } catch (err) {
      // A connection that cannot even roll back is dropped from the pool rather than reused.
      await client.query('ROLLBACK').catch((e: Error) => (broken = e));
      throw err;
    } finally {
      client.release(broken);
    }
    return serial;
  }

  /**
   * `signal` aborts when the client has gone: the export stops instead of waiting on a dead
   * response. A client that stays but takes nothing more for LEDGER_STALL_TIMEOUT_SECONDS ends it too.
   */
  async writeXlsx(actor: Actor, filters: ItemFilters, out: Writable, signal: AbortSignal): Promise<number> {
    // exceljs' streaming writer: rows are committed as they come, so the sheet never sits in memory;
    // inline strings (no shared-string table, which would keep every string until the end).
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
    wb.creator = 'Rectify 整改跟踪督办系统';
    const ws = wb.addWorksheet('整改台账', { views: [{ state: 'frozen', xSplit: 0, ySplit: 1 }] });
    ws.columns = LEDGER_COLUMNS.map((c) => ({
      header: c.header,
      key: c.key,
      width: c.width,
      ...('date' in c ? { style: DATE_STYLE } : {}),
    }));
    ws.autoFilter = `A1:${excelColumn(LEDGER_COLUMNS.length)}1`;
    const header = ws.getRow(1);
    header.font = { bold: true };
    header.commit();
    const n = await this.eachBatch(actor, filters, signal, async (rows) => {
      for (const r of rows) {
        const row = ws.addRow(r);
        row.eachCell({ includeEmpty: true }, (cell, col) => (cell.style = CELL_STYLES[col - 1]));
        row.commit();
      }
      await sheetDrained(ws, out, signal, this.stallMs);
    });
    ws.commit();
    // The zip's last bytes wait for the response to finish, which a closed or stalled one never does.
    await finished(wb.commit(), signal, this.stallMs);
    return n;
  }

  async writeCsv(actor: Actor, filters: ItemFilters, out: Writable, signal: AbortSignal): Promise<number> {
    out.write('\uFEFF' + LEDGER_COLUMNS.map((c) => csvField(c.header)).join(',') + '\r\n');
    const n = await this.eachBatch(actor, filters, signal, async (rows) => {
      let text = '';
      for (const r of rows) {
        text += LEDGER_COLUMNS.map((c) => csvField(r[c.key])).join(',') + '\r\n';
        if (text.length > CHUNK_CHARS) {
          out.write(text);
          text = '';
          await drained(out, signal, this.stallMs);
        }
      }
      if (text) out.write(text);
      await drained(out, signal, this.stallMs);
    });
    // A response closed or stalled during the last batch never calls end's callback.
    await finished(new Promise<void>((resolve) => out.end(resolve)), signal, this.stallMs);
    return n;
  }
}
