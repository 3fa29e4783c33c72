import type { DataSource } from 'typeorm';
import { OBLIGATION_KIND_LABELS } from '../../common/labels.js';
import type { BoardObligationDto } from './obligations.dto.js';

/** Overdue obligations listed on the office board, most overdue first. */
export const BOARD_OBLIGATIONS_MAX = 50;

/**
 * The office board's share (GET /follow-up/board): open obligations with a deadline, the overdue
 * ones, the most overdue listed. A plain query function, so the follow-up module reads it without
 * depending on this module (which depends on follow-up for its notices).
 */
export async function obligationsBoard(
  db: DataSource,
  today: string,
): Promise<{ obligationsOpen: number; obligationsOverdue: number; overdueObligations: BoardObligationDto[] }> {
  const [[counts], rows] = await Promise.all([
    db.query(
      `SELECT count(*)::int AS open, count(*) FILTER (WHERE due_date < $1::date)::int AS overdue
         FROM unit_obligations WHERE satisfied_at IS NULL AND due_date IS NOT NULL`,
      [today],
    ),
    db.query(
      `SELECT o.id, o.kind, o.inspection_id AS "inspectionId", r.title AS "inspectionTitle", o.unit_id AS "unitId", u.name AS "unitName",
              to_char(o.due_date, 'YYYY-MM-DD') AS "dueDate", ($1::date - o.due_date)::int AS "overdueDays", o.escalation_level AS "escalationLevel"
         FROM unit_obligations o JOIN units u ON u.id = o.unit_id JOIN inspections r ON r.id = o.inspection_id
        WHERE o.satisfied_at IS NULL AND o.due_date < $1::date
        ORDER BY o.due_date, u.code, o.kind LIMIT $2`,
      [today, BOARD_OBLIGATIONS_MAX],
    ),
  ]);
  return {
    obligationsOpen: counts.open,
    obligationsOverdue: counts.overdue,
    overdueObligations: (rows as Omit<BoardObligationDto, 'kindLabel'>[]).map((r) => ({ ...r, kindLabel: OBLIGATION_KIND_LABELS[r.kind] })),
  };
}
