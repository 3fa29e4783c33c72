import { Injectable } from '@nestjs/common';
import type { Actor } from '../../common/actor.js';
import { calendarDateIn } from '../../common/dates.js';
import { boundedRows, renderDocx, type DocumentBlock } from '../documents/official-document.js';
import { RECTIFICATION_TYPE_LABELS } from '../plans/measure.entity.js';
import { ItemAccess } from './item-access.service.js';
import { RectificationService } from './rectification.service.js';

/**
 * 销号申请表 of one item, as .docx: the problem and the measures it answers, the actions, the
 * progress, the evidence list, the unit's application (the last 申请销号: who, when, its written
 * explanation) and the office's review (销号 or 退回, who, when, why). Built only from what
 * GET /items/:id, /trace and /history answer the same caller, so it is scoped exactly like them
 * (404 outside the caller's units).
 */
@Injectable()
export class ClosureFormService {
  constructor(
    private readonly items: RectificationService,
    private readonly access: ItemAccess,
  ) {}

  async build(actor: Actor, id: string): Promise<{ name: string; bytes: Buffer }> {
    const item = await this.items.get(actor, id);
    const [trace, history] = await Promise.all([this.items.trace(actor, id), this.items.history(actor, id)]);
    const tz = this.access.timeZone();
    const day = (at: Date | string | null | undefined) => (at ? calendarDateIn(new Date(at), tz) : '');
    const lastOf = (...actions: string[]) => [...history].reverse().find((h) => actions.includes(h.action));
    const submit = lastOf('item.submit');
    const review = lastOf('item.approve', 'item.reject');
    const after = (h: typeof submit, key: string) => {
      const v = (h?.after as Record<string, unknown> | null)?.[key];
      return typeof v === 'string' ? v : '';
    };

    const measures = trace.measures.map((m) => `第${m.number}条 ${m.content}`).join('\n');
    const problems = trace.measures.flatMap((m) => m.feedbackProblems.map((p) => `${p.code} ${p.description}`));
    const progress = boundedRows(
      [...item.progress].reverse().map((p) => [day(p.createdAt), p.percent === null ? '' : `${p.percent}%`, p.note]),
    );
    const evidence = boundedRows(item.evidence.map((e, i) => [i + 1, e.originalName, day(e.createdAt)]));
    const application = submit
      ? `${submit.actor.username}于${day(item.submittedAt ?? submit.at)}申请销号。${after(submit, 'explanation') ? `\n书面说明：${after(submit, 'explanation')}` : ''}`
      : '尚未申请销号';
    const reviewText =
      review?.action === 'item.approve' && item.status === 'closed'
        ? `经审核，同意销号（${review.actor.username}，${item.closedOn ?? day(review.at)}）。`
        : review?.action === 'item.reject'
          ? `退回整改（${review.actor.username}，${day(review.at)}）：${after(review, 'reason')}`
          : '待审核';

    const blocks: DocumentBlock[] = [
      {
        kind: 'form',
        rows: [
          ['责任单位', item.unit?.name ?? ''],
          ['整改事项', item.title],
          ['问题描述', item.finding?.description ?? item.title],
          ['对应整改措施', measures],
          ['对应反馈问题', [...new Set(problems)].join('\n')],
          ['整改类型', RECTIFICATION_TYPE_LABELS[item.rectificationType]],
          ['责任人', item.owner?.displayName ?? ''],
          ['整改时限', item.deadline === item.originalDeadline ? item.deadline : `${item.deadline}（原定${item.originalDeadline}）`],
          ['整改措施', item.actions ?? ''],
          ['当前状态', `${item.statusLabel}${item.overdue ? `（逾期${item.daysOverdue}天）` : ''}，完成进度${item.progressPercent}%`],
          ['单位申请', application],
          ['巡察办审核意见', reviewText],
        ],
      },
      { kind: 'heading', level: 1, text: `整改进展（${item.progress.length}条）` },
      { kind: 'table', headers: ['日期', '进度', '进展情况'], widths: [18, 10, 72], ...progress },
      { kind: 'heading', level: 1, text: `佐证材料清单（${item.evidence.length}份）` },
      { kind: 'table', headers: ['序号', '文件名', '上传日期'], widths: [10, 68, 22], ...evidence },
    ];
    const bytes = await renderDocx({
      title: '整改事项销号申请表',
      blocks,
      date: this.access.today(),
      year: Number(this.access.today().slice(0, 4)),
    });
    return { name: `销号申请表-${item.title}`, bytes };
  }
}
