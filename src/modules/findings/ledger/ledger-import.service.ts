import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';
import type { Actor } from '../../../common/actor.js';
import { Clock } from '../../../common/clock.js';
import { calendarDateIn } from '../../../common/dates.js';
import { conflict, notFound } from '../../../common/errors.js';
import type { EnvironmentVariables } from '../../../config/env.validation.js';
import { AuditService } from '../../audit/audit.service.js';
import { Inspection } from '../../inspections/inspection.entity.js';
import { detectFormat, type ImportProblem } from '../../plans/import/sheet.js';
import type { UploadedSheet } from '../../plans/import/uploaded-file.js';
import { importLimitsFrom } from '../../plans/import/limits.js';
import { importFailed, listedWarnings, readUploadedSheets } from '../../plans/import/upload.js';
import { Measure } from '../../plans/measure.entity.js';
import { ProgressUpdate } from '../../rectification/progress-update.entity.js';
import { RectificationItem } from '../../rectification/rectification-item.entity.js';
import { Unit } from '../../units/unit.entity.js';
import { User } from '../../users/user.entity.js';
import { FindingCategory } from '../finding-category.entity.js';
import { Finding } from '../finding.entity.js';
import { groupsInspecting } from '../findings.service.js';
import { parseLedgerSheet, type LedgerSheetResult } from './ledger-sheet.parser.js';

export interface LedgerImportResult {
  dryRun: boolean;
  findings: number;
  items: number;
  closedItems: number;
  /** The first 100 warnings; `warningCount` is how many there were. */
  warnings: ImportProblem[];
  warningCount: number;
}

/**
 * Imports an office ledger (整改台账) into an internal round: findings at units, linked to the
 * plan's measures by number, with their rectification items. Everything is resolved and checked
 * before the one transaction that writes it; each created record is audited.
 */
@Injectable()
export class LedgerImportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly config: ConfigService<EnvironmentVariables, true>,
  ) {}

  async import(actor: Actor, inspectionId: string, file: UploadedSheet | undefined, dryRun: boolean): Promise<LedgerImportResult> {
    const round = await this.dataSource.getRepository(Inspection).findOneBy({ id: inspectionId });
    if (!round) throw notFound('巡察轮次');
    if (round.kind !== 'internal_round') throw conflict('台账只能导入本级巡察轮次');
    if (!round.planId) throw conflict('该巡察轮次未关联整改方案，无法按编号对应整改措施');
    const { sheets, warnings: readWarnings } = readUploadedSheets(file, importLimitsFrom(this.config));
    const year = Number(round.endDate.slice(0, 4));
    // A CSV of our own ledger export carries a `'` before formula-like text (CSV injection): read it back off.
    const csv = detectFormat(file!.buffer, file!.originalname ?? '', file!.mimetype ?? '') === 'csv';
    const now = this.clock.now();
    const today = calendarDateIn(now, this.config.get('APP_TIMEZONE', { infer: true }));
    const options = { defaultYear: year, immediateDate: round.endDate, longTermDate: `${year}-12-31`, csv, today };
    let sheet: LedgerSheetResult | null = null;
    for await (const rows of sheets) {
      sheet = parseLedgerSheet(rows, options);
      if (!(sheet.errors.length === 1 && sheet.errors[0].message.startsWith('未找到表头'))) break;
    }
    if (!sheet) throw importFailed([{ row: 0, column: '', message: '文件中没有工作表' }]);
    if (sheet.errors.length) throw importFailed(sheet.errors);
    const parsed = sheet;

    // Resolve names and numbers against the database, collecting every problem.
    const errors: ImportProblem[] = [];
    const warnings = [...readWarnings, ...parsed.warnings];
    const units = await this.dataSource.getRepository(Unit).find();
    const unitByKey = new Map<string, Unit[]>();
    for (const u of units) {
      for (const key of new Set([u.name.trim(), u.code.trim()])) unitByKey.set(key, [...(unitByKey.get(key) ?? []), u]);
    }
    const measures = await this.dataSource.getRepository(Measure).findBy({ planId: round.planId });
    const measureByNumber = new Map(measures.map((x) => [x.number, x]));
    const categories = await this.dataSource.getRepository(FindingCategory).find({ where: { active: true }, order: { sortOrder: 'ASC' } });
    const fallbackCategory = categories.find((c) => c.name === '其他') ?? categories[0];
    const users = await this.dataSource.getRepository(User).find({ where: { active: true } });
    const cols = parsed.columnNames;

    const plan = parsed.findings.map((f) => {
      const matches = unitByKey.get(f.unitText) ?? [];
      if (matches.length !== 1) {
        errors.push({
          row: f.row,
          column: cols.unit,
          message: matches.length ? `责任单位“${f.unitText}”对应多个单位，请填写单位编码` : `责任单位“${f.unitText}”不存在`,
        });
      }
      const unit = matches.length === 1 ? matches[0] : null;
      if (unit && !unit.active)
        errors.push({ row: f.row, column: cols.unit, message: `责任单位“${unit.name}”已停用，不能接收新的发现问题` });
      const measureIds: string[] = [];
      for (const n of f.measureNumbers) {
        const measure = measureByNumber.get(n);
        if (!measure) errors.push({ row: f.row, column: cols.measureRefs, message: `整改方案中没有第${n}条整改措施` });
        else measureIds.push(measure.id);
      }
      const hint = f.categoryHint;
      let category = hint ? (categories.find((c) => c.name === hint) ?? categories.find((c) => hint.includes(c.name))) : undefined;
      if (!category) {
        category = fallbackCategory;
        if (!category) errors.push({ row: f.row, column: cols.category, message: '没有可用的问题类别' });
        else if (hint)
          warnings.push({ row: f.row, column: cols.category, message: `问题类别“${hint}”不在类别列表中，记为“${category.name}”` });
      }
      const items = f.items.map((item) => {
        let ownerId: string | null = null;
        let responsibleLeader: string | null = null;
        if (item.ownerText && unit) {
          const owners = users.filter((u) => u.unitId === unit.id && (u.displayName === item.ownerText || u.username === item.ownerText));
          if (owners.length > 1)
            errors.push({ row: item.row, column: cols.owner, message: `责任人“${item.ownerText}”在该单位有多个同名用户，请填写用户名` });
          else if (owners.length === 1) ownerId = owners[0].id;
          else {
            responsibleLeader = item.ownerText;
            warnings.push({ row: item.row, column: cols.owner, message: `责任人“${item.ownerText}”不是该单位的系统用户，仅记录姓名` });
          }
        }
        return { ...item, ownerId, responsibleLeader };
      });
      return { ...f, unit, measureIds, category, items };
    });
    if (errors.length) throw importFailed(errors.sort((a, b) => a.row - b.row));

    const itemCount = plan.reduce((n, f) => n + f.items.length, 0);
    const result: LedgerImportResult = {
      dryRun,
      findings: plan.length,
      items: itemCount,
      closedItems: plan.reduce((n, f) => n + f.items.filter((i) => i.closed).length, 0),
      ...listedWarnings(warnings),
    };
    if (dryRun) return result;

    return this.dataSource.transaction(async (m) => {
      for (const f of plan) {
        const unit = f.unit!;
        const groups = await groupsInspecting(m, round.id, unit.id, null);
        const group = groups.length === 1 ? groups[0] : null;
        const finding = await m.save(
          m.create(Finding, {
            inspectionId: round.id,
            unitId: unit.id,
            groupId: group?.id ?? null,
            batchId: group?.batchId ?? null,
            category: f.category.name,
            categoryId: f.category.id,
            description: f.description,
            severity: 'general',
            createdById: actor.id,
          }),
        );
        if (f.measureIds.length) {
          await m
            .createQueryBuilder()
            .insert()
            .into('finding_measures', ['finding_id', 'measure_id'])
            .values(f.measureIds.map((id) => ({ finding_id: finding.id, measure_id: id })))
            .execute();
        }
        await this.audit.record(m, actor, {
          action: 'finding.import',
          entityType: 'finding',
          entityId: finding.id,
          after: { ...finding, measureIds: f.measureIds, source: f.source, row: f.row },
        });
        for (const it of f.items) {
          const status = it.closed ? 'closed' : it.progressNote || it.started ? 'in_progress' : 'pending';
          const values: QueryDeepPartialEntity<RectificationItem> = {
            findingId: finding.id,
            title: it.title,
            actions: it.actions,
            responsibleUnitId: unit.id,
            ownerId: it.ownerId,
            responsibleLeader: it.responsibleLeader,
            deadline: it.deadline,
            originalDeadline: it.originalDeadline,
            rectificationType: it.rectificationType,
            status,
            progressPercent: it.closed ? 100 : (it.progressPercent ?? 0),
            // closedAt is when this system recorded the closure; closedOn the date the ledger states (on-time rule).
            closedAt: it.closed ? now : null,
            closedOn: it.closed ? (it.closedOn ?? today) : null,
            createdById: actor.id,
          };
          const inserted = await m.insert(RectificationItem, values);
          const itemId = inserted.identifiers[0].id as string;
          await this.audit.record(m, actor, {
            action: 'item.import',
            entityType: 'rectification_item',
            entityId: itemId,
            subjectId: itemId,
            after: { ...values, row: it.row },
          });
          if (it.progressNote) {
            const progress = await m.insert(ProgressUpdate, {
              itemId,
              authorId: actor.id,
              note: it.progressNote,
              percent: it.progressPercent ?? (it.closed ? 100 : null),
            });
            await this.audit.record(m, actor, {
              action: 'progress.import',
              entityType: 'progress_update',
              entityId: progress.identifiers[0].id as string,
              subjectId: itemId,
              after: { note: it.progressNote },
            });
          }
        }
      }
      await this.audit.record(m, actor, {
        action: 'ledger.import',
        entityType: 'inspection',
        entityId: round.id,
        after: { fileName: file?.originalname ?? null, findings: result.findings, items: result.items, warnings: warnings.length },
      });
      return result;
    });
  }
}
