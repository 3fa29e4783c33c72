import type pg from 'pg';

/**
 * Bulk-loads N items of a realistic shape inside Postgres (INSERT … SELECT over generate_series):
 * 300 units, one higher-level inspection with 20 feedback problems, a plan of 53 measures, an
 * internal round of 3 batches × 4 groups, 20 findings per unit (6,000) linked to 1–2 measures,
 * and N items with ≈45% closed, 10% submitted, 25% in progress, 20% pending, exactly 10% long_term,
 * deadlines spread over a year back and six months ahead of today. Ends with VACUUM ANALYZE.
 */
export async function loadReportData(c: pg.Client, n: number): Promise<void> {
  const one = async (sql: string, params: unknown[] = []) => ((await c.query(sql, params)).rows[0] as { id: string }).id;
  await c.query(`INSERT INTO units (code, name) SELECT 'BU' || lpad(g::text, 3, '0'), '单位' || g FROM generate_series(1, 300) g`);
  const higher = await one(
    `INSERT INTO inspections (kind, title, inspecting_body, start_date, end_date, feedback_date)
     VALUES ('higher_level', '上级党组第二巡视组巡视', '上级党组第二巡视组', '2026-01-05', '2026-02-28', '2026-03-10') RETURNING id`,
  );
  await c.query(
    `INSERT INTO feedback_problems (inspection_id, code, category, description, sort_order)
     SELECT $1, ((g - 1) / 4 + 1) || '-' || ((g - 1) % 4 + 1), '类别' || ((g - 1) / 4 + 1), '反馈问题' || g, g FROM generate_series(1, 20) g`,
    [higher],
  );
  const plan = await one(`INSERT INTO rectification_plans (inspection_id, title) VALUES ($1, '整改落实方案') RETURNING id`, [higher]);
  await c.query(
    `INSERT INTO measures (plan_id, number, content, rectification_type)
     SELECT $1, g, '整改措施第' || g || '条', 'time_limited' FROM generate_series(1, 53) g`,
    [plan],
  );
  await c.query(
    `INSERT INTO measure_feedback_problems (measure_id, feedback_problem_id)
     SELECT DISTINCT m.id, p.id FROM measures m JOIN feedback_problems p
         ON p.sort_order = ((m.number - 1) % 20) + 1 OR (m.number % 3 = 0 AND p.sort_order = ((m.number + 6) % 20) + 1)`,
  );
  const round = await one(
    `INSERT INTO inspections (kind, title, start_date, end_date, plan_id) VALUES ('internal_round', '第一轮巡察', '2026-03-01', '2026-05-31', $1) RETURNING id`,
    [plan],
  );
  await c.query(
    `INSERT INTO inspection_batches (inspection_id, number, start_date, end_date)
     SELECT $1, b, date '2026-03-01' + (b - 1) * 30, date '2026-03-21' + (b - 1) * 30 FROM generate_series(1, 3) b`,
    [round],
  );
  await c.query(
    `INSERT INTO inspection_groups (inspection_id, batch_id, name)
     SELECT $1, b.id, '第' || b.number || '批第' || k || '巡察组' FROM inspection_batches b, generate_series(1, 4) k`,
    [round],
  );
  await c.query(
    `WITH u AS (SELECT id, row_number() OVER (ORDER BY code) AS n FROM units),
          g AS (SELECT ig.id, row_number() OVER (ORDER BY b.number, ig.name) - 1 AS gi FROM inspection_groups ig JOIN inspection_batches b ON b.id = ig.batch_id)
     INSERT INTO inspection_group_units (group_id, unit_id) SELECT g.id, u.id FROM u JOIN g ON g.gi = (u.n - 1) % 12`,
  );
  await c.query(
    `INSERT INTO findings (inspection_id, unit_id, group_id, batch_id, category, description)
     SELECT $1, gu.unit_id, gu.group_id, g.batch_id,
            (ARRAY['政治纪律', '组织纪律', '廉洁纪律', '群众纪律', '工作纪律', '生活纪律'])[1 + (k % 6)], '巡察发现问题' || k
       FROM inspection_group_units gu JOIN inspection_groups g ON g.id = gu.group_id, generate_series(1, 20) k`,
    [round],
  );
  await c.query(
    `WITH f AS (SELECT id, row_number() OVER (ORDER BY id) AS fn FROM findings),
          pairs AS (SELECT id, (fn % 50) + 1 AS num FROM f UNION SELECT id, ((fn * 7) % 53) + 1 FROM f WHERE fn % 3 = 0)
     INSERT INTO finding_measures (finding_id, measure_id) SELECT p.id, m.id FROM pairs p JOIN measures m ON m.number = p.num AND m.plan_id = $1`,
    [plan],
  );
  await c.query(`CREATE TEMP TABLE bf AS SELECT id, unit_id, (row_number() OVER (ORDER BY id) - 1)::int AS fi FROM findings`);
  await c.query(`CREATE UNIQUE INDEX ON bf (fi)`);
  // Statuses ≈ 45% closed, 10% submitted, 25% in progress, 20% pending; exactly 10% long_term
  // (g % 10 = 0, the 100,000-row ledger at 1M); deadlines over two years around "today".
  await c.query(
    `INSERT INTO rectification_items (finding_id, title, actions, responsible_unit_id, deadline, original_deadline, rectification_type,
                                      status, escalation_level, closed_on, closed_at, created_at, version)
     SELECT bf.id, '整改事项' || x.g, '针对问题' || x.g || '的整改措施：建立台账，逐项销号', bf.unit_id, x.dl,
            CASE WHEN x.g % 20 = 0 THEN x.dl - 30 ELSE x.dl END,
            CASE WHEN x.g % 10 = 0 THEN 'long_term' WHEN x.g % 10 < 4 THEN 'immediate' ELSE 'time_limited' END,
            x.st, CASE WHEN x.st IN ('pending', 'in_progress') THEN (x.g % 4)::int ELSE 0 END,
            CASE WHEN x.st = 'closed' THEN x.dl + ((x.g * 13) % 61 - 40)::int END,
            CASE WHEN x.st = 'closed' THEN (x.dl + ((x.g * 13) % 61 - 40)::int)::timestamptz END,
            (x.dl - 90)::timestamptz, 1
       FROM (SELECT g, CURRENT_DATE - 365 + ((g * 37) % 540)::int AS dl,
                    CASE WHEN (g * 7919) % 100 < 45 THEN 'closed' WHEN (g * 7919) % 100 < 55 THEN 'submitted'
                         WHEN (g * 7919) % 100 < 80 THEN 'in_progress' ELSE 'pending' END AS st
               FROM generate_series(1::bigint, $1::bigint) g) x
       JOIN bf ON bf.fi = (x.g * 104729::bigint) % 6000`,
    [n],
  );
  await c.query(`VACUUM ANALYZE`);
}
