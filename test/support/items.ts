import type { DataSource } from 'typeorm';

export interface SeedItem {
  title: string;
  unitId: string;
  deadline: string;
  ownerId?: string | null;
  status?: 'pending' | 'in_progress' | 'submitted' | 'closed';
  rectificationType?: 'immediate' | 'time_limited' | 'long_term';
}

/**
 * Rectification items written straight into the tables (test set-up, not mocking): one inspection
 * and one finding per unit, then the items. Returns the item ids in order.
 */
export async function seedItems(ds: DataSource, items: SeedItem[]): Promise<string[]> {
  const [{ id: inspectionId }] = await ds.query(
    `INSERT INTO inspections (kind, title, start_date, end_date) VALUES ('internal_round', '测试巡察', '2026-01-01', '2026-02-01') RETURNING id`,
  );
  const findingOf = new Map<string, string>();
  const ids: string[] = [];
  for (const it of items) {
    let findingId = findingOf.get(it.unitId);
    if (!findingId) {
      const [f] = await ds.query(
        `INSERT INTO findings (inspection_id, unit_id, category, description) VALUES ($1, $2, '其他', '测试发现问题') RETURNING id`,
        [inspectionId, it.unitId],
      );
      findingId = f.id as string;
      findingOf.set(it.unitId, findingId);
    }
    const [row] = await ds.query(
      `INSERT INTO rectification_items (finding_id, title, responsible_unit_id, owner_id, deadline, original_deadline, rectification_type, status, version)
       VALUES ($1, $2, $3, $4, $5, $5, $6, $7, 1) RETURNING id`,
      [findingId, it.title, it.unitId, it.ownerId ?? null, it.deadline, it.rectificationType ?? 'time_limited', it.status ?? 'pending'],
    );
    ids.push(row.id as string);
  }
  return ids;
}

/** What an approved extension does to an item (the items module owns the real flow). */
export async function moveDeadline(ds: DataSource, itemId: string, deadline: string): Promise<void> {
  await ds.query(
    `UPDATE rectification_items SET deadline = $2, deadline_version = deadline_version + 1, escalation_level = 0 WHERE id = $1`,
    [itemId, deadline],
  );
}

/** The ledger as comparable rows, sorted. */
export async function ledgerOf(ds: DataSource): Promise<string[]> {
  const rows: { item_id: string; kind: string; step: number; deadline_version: number; recipients: string[] }[] = await ds.query(
    `SELECT item_id, kind, step, deadline_version, recipients FROM reminder_ledger`,
  );
  return rows.map((r) => `${r.item_id}|${r.kind}|${r.step}|v${r.deadline_version}|${[...r.recipients].sort().join(',')}`).sort();
}
