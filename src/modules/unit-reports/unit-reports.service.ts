import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../../common/actor.js';
import { Clock } from '../../common/clock.js';
import { badRequest, conflict, ErrorCode, forbidden, notFound } from '../../common/errors.js';
import type { Page } from '../../common/pagination.js';
import { isBlankText } from '../../common/text.js';
import { AuditService } from '../audit/audit.service.js';
import { DecisionNoticesService } from '../follow-up/decision-notices.service.js';
import { Inspection } from '../inspections/inspection.entity.js';
import { ObligationsService } from '../obligations/obligations.service.js';
import { EvidenceService, type UploadedEvidence } from '../rectification/evidence.service.js';
import { ItemAccess } from '../rectification/item-access.service.js';
import { ScopeService } from '../scope/scope.service.js';
import { Unit } from '../units/unit.entity.js';
import { UNIT_REPORT_STATUS_LABELS, UnitReport, UnitReportFile } from './unit-report.entities.js';
import type { CreateUnitReportDto, DecideUnitReportDto, ListUnitReportsQuery } from './unit-reports.dto.js';
import { UnitReportsRepository } from './unit-reports.repository.js';

const WHAT = '整改情况报告';
const field = (name: string, message: string) => [{ field: name, messages: [message] }];
const REPORTERS = ['office', 'unit_manager'];

/**
 * A unit's 整改情况报告 for a round: handed in by the unit's manager (or the office on its behalf)
 * with attachments checked exactly like evidence; the office accepts it or returns it with a
 * comment, and the unit's managers are told in the decision's transaction. The report page carries
 * the unit's figures, computed when read.
 */
@Injectable()
export class UnitReportsService {
  constructor(
    private readonly access: ItemAccess,
    private readonly reports: UnitReportsRepository,
    private readonly evidence: EvidenceService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly decisions: DecisionNoticesService,
    private readonly obligations: ObligationsService,
  ) {}

  async create(actor: Actor, dto: CreateUnitReportDto) {
    if (!REPORTERS.includes(actor.role)) throw forbidden('只有单位负责人或巡察办可以报送整改情况报告');
    const report = await this.access.transaction(actor, async (m) => {
      const scope = await this.access.resolveScope(actor, m);
      if (!ScopeService.includes(scope, dto.unitId) || !(await m.existsBy(Unit, { id: dto.unitId }))) {
        throw badRequest('单位不存在', field('unitId', '单位不存在'));
      }
      const inspection = await m.findOneBy(Inspection, { id: dto.inspectionId });
      if (!inspection) throw badRequest('巡察轮次不存在', field('inspectionId', '巡察轮次不存在'));
      if (inspection.kind !== 'internal_round') {
        throw badRequest('整改情况报告须针对本级巡察轮次', field('inspectionId', '须为本级巡察轮次'));
      }
      const row = await m.save(
        m.create(UnitReport, {
          inspectionId: dto.inspectionId,
          unitId: dto.unitId,
          summary: dto.summary,
          status: 'submitted',
          submittedById: actor.id,
          submittedAt: this.clock.now(),
        }),
      );
      // The report owed after feedback is handed in: no more chasing (issue 13's obligations).
      await this.obligations.satisfy(m, { kind: 'unit_report', inspectionId: row.inspectionId, unitId: row.unitId }, actor);
      await this.audit.record(m, actor, { action: 'unit_report.submit', entityType: 'unit_report', entityId: row.id, after: row });
      return row;
    });
    return this.view(report);
  }

  /** An attachment, while the report awaits review: the evidence checks, then the row and the file together. */
  async attach(actor: Actor, id: string, file: UploadedEvidence | undefined) {
    const upload = this.evidence.vet(file);
    if (!REPORTERS.includes(actor.role)) throw forbidden('只有单位负责人或巡察办可以上传报告附件');
    const row = await this.evidence.storeWith(upload.buffer, (storedName, write) =>
      this.access.transaction(actor, async (m) => {
        const report = await this.readable(actor, id, m, true);
        if (report.status !== 'submitted') {
          throw conflict(`整改情况报告${UNIT_REPORT_STATUS_LABELS[report.status]}，不能再上传附件`, ErrorCode.IllegalTransition);
        }
        const { buffer: _bytes, ...columns } = upload;
        const saved = await m.save(m.create(UnitReportFile, { reportId: report.id, uploaderId: actor.id, storedName, ...columns }));
        await this.audit.record(m, actor, {
          action: 'unit_report.attach',
          entityType: 'unit_report_file',
          entityId: saved.id,
          after: saved,
        });
        await write();
        return saved;
      }),
    );
    return UnitReportsService.fileView(row);
  }

  async list(actor: Actor, q: ListUnitReportsQuery): Promise<Page<ReturnType<UnitReportsService['view']>>> {
    const scope = await this.access.resolveScope(actor);
    const [rows, total] = await this.access.scoped(actor, (m) => this.reports.list(scope, q, m));
    return { data: rows.map((r) => this.view(r)), total, page: q.page, pageSize: q.pageSize };
  }

  /** The report with the unit's figures (items closed/open/overdue, measures answered) and its attachments. */
  async get(actor: Actor, id: string) {
    return this.access.scoped(actor, async (m) => {
      const report = await this.readable(actor, id, m);
      const [figures, files, unit] = await Promise.all([
        this.reports.figures(report, this.access.today(), m),
        this.reports.files(report.id, m),
        m.findOneByOrFail(Unit, { id: report.unitId }),
      ]);
      return { ...this.view(report), unitName: unit.name, figures, files: files.map((f) => UnitReportsService.fileView(f)) };
    });
  }

  /** An attachment's bytes, if the caller may see its report. */
  async openFile(actor: Actor, id: string, fileId: string) {
    const file = await this.access.scoped(actor, async (m) => {
      await this.readable(actor, id, m);
      const f = await m.findOneBy(UnitReportFile, { id: fileId, reportId: id });
      if (!f) throw notFound('报告附件');
      return f;
    });
    return { file, stream: await this.evidence.openStored(file.storedName, '报告附件文件') };
  }

  /** The office accepts or returns (comment required) a submitted report; the unit's managers are told. */
  async decide(actor: Actor, id: string, dto: DecideUnitReportDto) {
    if (!dto.accept && isBlankText(dto.comment)) throw badRequest('退回整改情况报告须填写意见', field('comment', '退回时必填'));
    const { report, notices } = await this.access.transaction(actor, async (m) => {
      const report = await this.readable(actor, id, m, true);
      if (report.status !== 'submitted') {
        throw conflict(`整改情况报告${UNIT_REPORT_STATUS_LABELS[report.status]}，不能再审核`, ErrorCode.IllegalTransition);
      }
      const changes = {
        status: dto.accept ? ('accepted' as const) : ('returned' as const),
        decisionComment: dto.comment ?? null,
        decidedAt: this.clock.now(),
        decidedById: actor.id,
      };
      await m.update(UnitReport, { id: report.id, status: 'submitted' }, changes);
      await this.audit.record(m, actor, {
        action: dto.accept ? 'unit_report.accept' : 'unit_report.return',
        entityType: 'unit_report',
        entityId: report.id,
        before: { status: report.status },
        after: changes,
      });
      // A returned report is owed again: chased from where its ladder stood.
      if (!dto.accept) {
        await this.obligations.reopen(m, { kind: 'unit_report', inspectionId: report.inspectionId, unitId: report.unitId }, actor);
      }
      const inspection = await m.findOneByOrFail(Inspection, { id: report.inspectionId });
      const notices = await this.decisions.recordForUnit(m, actor, {
        unitId: report.unitId,
        key: `unit-report:${report.id}:decision`,
        title: dto.accept ? `整改情况报告已通过：${inspection.title}` : `整改情况报告被退回：${inspection.title}`,
        body: dto.accept
          ? `巡察办已审核通过本单位的整改情况报告。${dto.comment ? `审核意见：${dto.comment}` : ''}`
          : `巡察办退回了本单位的整改情况报告，请按意见修改后重新报送。退回意见：${dto.comment}`,
      });
      return { report: { ...report, ...changes }, notices };
    });
    await this.decisions.enqueue(notices);
    return this.view(report);
  }

  view(r: UnitReport) {
    return {
      id: r.id,
      inspectionId: r.inspectionId,
      unitId: r.unitId,
      summary: r.summary,
      status: r.status,
      statusLabel: UNIT_REPORT_STATUS_LABELS[r.status],
      decisionComment: r.decisionComment,
      decidedAt: r.decidedAt,
      submittedAt: r.submittedAt,
    };
  }

  private static fileView(f: UnitReportFile) {
    return { id: f.id, originalName: f.originalName, mimeType: f.mimeType, size: f.size, createdAt: f.createdAt };
  }

  private async readable(actor: Actor, id: string, m: EntityManager, lock = false): Promise<UnitReport> {
    const report = await m.findOne(UnitReport, { where: { id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
    const scope = await this.access.resolveScope(actor, m);
    if (!report || !ScopeService.includes(scope, report.unitId)) throw notFound(WHAT);
    return report;
  }
}
