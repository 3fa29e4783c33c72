import { chineseDate, renderDocx } from '../documents/official-document.js';
import type { SupervisionNoticeView } from './follow-up.dto.js';

/**
 * The 督办单 as a Word document: its number as the 文号, addressed to the unit, the item with its
 * deadline and the days it was overdue on the day of issue, the reply deadline, and the issuer.
 * Exactly the figures of GET /supervision-notices/:id.
 */
export function supervisionNoticeDocx(n: SupervisionNoticeView): Promise<Buffer> {
  const why = n.manual ? '经巡察办研究，对下列整改事项进行督办' : `下列整改事项已超过整改时限，按规定升级为第${n.level}级督办`;
  return renderDocx({
    documentNumber: n.number,
    year: Number(n.issuedOn.slice(0, 4)),
    title: '整改督办单',
    addressee: n.unit.name,
    blocks: [
      {
        kind: 'paragraph',
        text: `${why}。请你单位切实履行整改主体责任，抓紧落实整改措施，${
          n.replyDue ? `于${chineseDate(n.replyDue)}前` : '及时'
        }将整改落实情况书面回复巡察办。`,
      },
      {
        kind: 'table',
        headers: ['序号', '整改事项', '整改时限', '逾期天数'],
        widths: [10, 56, 18, 16],
        rows: [[1, n.item.title, n.item.deadline, n.daysOverdueAtIssue]],
      },
      {
        kind: 'form',
        rows: [
          ['督办编号', n.number],
          ['主送单位', n.unit.name],
          ['督办级别', `第${n.level}级${n.manual ? '（手动督办）' : ''}`],
          ['回复期限', n.replyDue ?? '—'],
          ['单位回复', n.replyText ?? '尚未回复'],
        ],
      },
    ],
    issuer: n.issuer,
    date: n.issuedOn,
  });
}
