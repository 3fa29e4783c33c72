import { Controller, Get, HttpCode, Logger, Param, ParseUUIDPipe, Post, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type {
  ClosureRowDto,
  OverviewDto,
  ReportBulletinDto,
  ReportsCoverageDto,
  ReportsMeasuresDto,
  ReportsOverdueDto,
  ReportsSnapshotDto,
  ReportsTrendDto,
} from './reports.responses.js';
import { ApiErrors, ApiFile } from '../../common/openapi.js';
import type { Response } from 'express';
import type { Actor } from '../../common/actor.js';
import { CurrentActor, Roles } from '../auth/auth.decorators.js';
import { ApiDocxDownload, docxDownload } from '../documents/download.js';
import { contentDisposition as attachment } from '../rectification/evidence-sniff.js';
import { BulletinService } from './bulletin.service.js';
import { EXPORT_RETRY_AFTER_SECONDS, ExportSlots, ExportsBusyError } from './export-limits.js';
import { LedgerExportService } from './ledger-export.service.js';
import {
  BulletinRunQuery,
  ClosureQuery,
  LedgerQuery,
  OverdueQuery,
  PlanReportQuery,
  ReportFilterQuery,
  TrendQuery,
} from './reports.dto.js';
import { ReportsService } from './reports.service.js';
import { PlanReportService } from './plan-report.service.js';
import { abortOnClose, DownloadStalledError } from './stream-drain.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

@ApiTags('统计报表 reports')
@ApiBearerAuth()
@Controller('reports')
export class ReportsController {
  private readonly logger = new Logger(ReportsController.name);

  constructor(
    private readonly reports: ReportsService,
    private readonly ledger: LedgerExportService,
    private readonly bulletins: BulletinService,
    private readonly slots: ExportSlots,
  ) {}

  @Get('overview')
  @ApiOperation({ summary: '总体情况：总数、销号率、逾期、临期、按期销号率、按整改类型' })
  overview(@CurrentActor() actor: Actor, @Query() q: ReportFilterQuery): Promise<OverviewDto> {
    return this.reports.overview(actor, q);
  }

  @Get('closure')
  @ApiOperation({ summary: '销号率分组统计' })
  closure(@CurrentActor() actor: Actor, @Query() q: ClosureQuery): Promise<ClosureRowDto[]> {
    return this.reports.closure(actor, q);
  }

  @Get('overdue')
  @ApiOperation({ summary: '逾期事项清单' })
  overdue(@CurrentActor() actor: Actor, @Query() q: OverdueQuery): Promise<ReportsOverdueDto> {
    return this.reports.overdue(actor, q);
  }

  @Get('measures')
  @ApiOperation({ summary: '按整改措施统计（含无事项覆盖的措施）' })
  measures(@CurrentActor() actor: Actor, @Query() q: PlanReportQuery): Promise<ReportsMeasuresDto[]> {
    return this.reports.measures(actor, q);
  }

  @Get('coverage')
  @ApiOperation({ summary: '整改覆盖：上级巡视 → 反馈问题 → 整改措施 → 事项' })
  coverage(@CurrentActor() actor: Actor, @Query() q: PlanReportQuery): Promise<ReportsCoverageDto> {
    return this.reports.coverage(actor, q);
  }

  @Get('trend')
  @ApiOperation({ summary: '销号率走势（每日快照，按周/月取期末值）' })
  trend(@CurrentActor() actor: Actor, @Query() q: TrendQuery): Promise<ReportsTrendDto[]> {
    return this.reports.trend(actor, q);
  }

  @Post('snapshots')
  @HttpCode(200)
  @Roles('office', 'admin')
  @ApiOperation({ summary: '立即生成今日统计快照（定时任务每日自动生成）' })
  snapshot(): Promise<ReportsSnapshotDto> {
    return this.reports.takeSnapshot();
  }

  @Get('ledger.xlsx')
  @ApiFile('整改台账（xlsx 或 csv）', XLSX, 'text/csv')
  @ApiOperation({ summary: '导出整改台账（xlsx，或 ?format=csv）；同时进行的导出有上限，超出时 429 并带 Retry-After' })
  @ApiErrors(429)
  async ledgerExport(@CurrentActor() actor: Actor, @Query() q: LedgerQuery, @Res() res: Response): Promise<void> {
    let release: () => void;
    try {
      release = this.slots.acquire(actor.id);
    } catch (err) {
      if (err instanceof ExportsBusyError) res.setHeader('Retry-After', String(EXPORT_RETRY_AFTER_SECONDS));
      throw err;
    }
    try {
      await this.streamLedger(actor, q, res);
    } finally {
      // The export has ended (finished, client gone, stalled or failed) and its connection is back.
      release();
    }
  }

  private async streamLedger(actor: Actor, q: LedgerQuery, res: Response): Promise<void> {
    const name = `整改台账_${this.reports.today()}.${q.format}`;
    res.status(200);
    res.setHeader('Content-Type', q.format === 'csv' ? 'text/csv; charset=utf-8' : XLSX);
    res.setHeader('Content-Disposition', attachment(name));
    res.setHeader('Cache-Control', 'no-store');
    // A client that goes away (even before this handler ran) stops the export and frees its connection.
    const gone = abortOnClose(res);
    try {
      if (q.format === 'csv') await this.ledger.writeCsv(actor, q, res, gone);
      else await this.ledger.writeXlsx(actor, q, res, gone);
      if (!res.writableEnded) res.end();
    } catch (err) {
      // Headers are gone by now: cut the download so the client sees a broken file, not a short one.
      const error = err instanceof Error ? err : new Error(String(err));
      if (error instanceof DownloadStalledError) this.logger.warn(`ledger export ended: ${error.message}`);
      else if (!gone.aborted) this.logger.error(`ledger export failed: ${error.message}`, error.stack);
      res.destroy(error);
    }
  }

  @Get('bulletins')
  @Roles('office', 'leadership', 'admin')
  @ApiOperation({ summary: '整改进展通报列表' })
  listBulletins(): Promise<ReportBulletinDto[]> {
    return this.bulletins.list();
  }

  @Post('bulletins')
  @HttpCode(200)
  @Roles('office', 'admin')
  @ApiOperation({ summary: '立即生成并发送某周的整改进展通报（定时任务每周自动生成）' })
  runBulletin(@Query() q: BulletinRunQuery): Promise<ReportBulletinDto> {
    return this.bulletins.run(q.day);
  }

  @Get('bulletin.docx')
  @Roles('office', 'leadership', 'admin')
  @ApiDocxDownload(
    '导出整改进展通报（Word）',
    '某周（?day= 所在周，缺省为昨天所在的周）的整改进展通报，按当前数据统计；数字与同周 POST /reports/bulletins 生成的通报一致。',
  )
  async bulletinDocx(@Query() q: BulletinRunQuery, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    const { name, bytes } = await this.bulletins.docxOfWeek(q.day);
    return docxDownload(res, name, bytes);
  }

  @Get('bulletins/:id.docx')
  @Roles('office', 'leadership', 'admin')
  @ApiDocxDownload('导出已生成的整改进展通报（Word）', '已保存的通报（GET /reports/bulletins 列出）按生成时的数字导出为 Word。')
  async storedBulletinDocx(@Param('id', ParseUUIDPipe) id: string, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    const { name, bytes } = await this.bulletins.docxOf(id);
    return docxDownload(res, name, bytes);
  }

  @Get('bulletins/:id.xlsx')
  @Roles('office', 'leadership', 'admin')
  @ApiFile('整改进展通报（xlsx）', XLSX)
  @ApiOperation({ summary: '下载整改进展通报（xlsx）' })
  async bulletinXlsx(@Param('id', ParseUUIDPipe) id: string, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    const { bulletin, xlsx } = await this.bulletins.xlsx(id);
    res.setHeader('Content-Disposition', attachment(`${bulletin.title}.xlsx`));
    return new StreamableFile(xlsx, { type: XLSX });
  }
}

@ApiTags('统计报表 reports')
@ApiBearerAuth()
@Controller('plans')
export class PlanReportController {
  constructor(private readonly planReports: PlanReportService) {}

  @Get(':id/report.docx')
  @Roles('office', 'leadership', 'admin')
  @ApiDocxDownload(
    '导出整改情况报告（Word）',
    '向上级报送的整改情况报告：总体数字（销号率、逾期、建章立制类事项）及每个反馈问题下逐条整改措施的进展和事项；数字同 GET /reports/coverage?planId=。局机关角色可用；看不到的方案 404。',
  )
  async planReport(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Res({ passthrough: true }) res: Response) {
    const { name, bytes } = await this.planReports.build(actor, id);
    return docxDownload(res, name, bytes);
  }
}
