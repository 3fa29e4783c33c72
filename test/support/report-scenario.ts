import type { DataSource } from 'typeorm';
import type { Org } from './org.js';

/**
 * A scenario with known counts for the reports, written straight into the tables (test set-up):
 * a higher-level inspection (problems 1-1, 1-2, 2-1), a plan with measures 1–4 (4 has no item),
 * an internal round with two batches and groups, three findings and ten items. "Today" is
 * 2026-06-15 (startTestApp's default clock in Asia/Shanghai). See test/reports.e2e-spec.ts for
 * the expected figures.
 */
export interface ReportScenario {
  higherId: string;
  planId: string;
  roundId: string;
  problems: Record<'p1' | 'p2' | 'p3', string>;
  measures: Record<'m1' | 'm2' | 'm3' | 'm4', string>;
  batches: Record<'b1' | 'b2', string>;
  groups: Record<'g1' | 'g2', string>;
  items: Record<string, string>;
}

export async function seedReportScenario(ds: DataSource, org: Org): Promise<ReportScenario> {
  const one = async (sql: string, params: unknown[]): Promise<string> => (await ds.query<{ id: string }[]>(sql, params))[0].id;
  const higherId = await one(
    `INSERT INTO inspections (kind, title, inspecting_body, start_date, end_date, feedback_date)
     VALUES ('higher_level', '上级党组第二巡视组巡视', '上级党组第二巡视组', '2026-01-05', '2026-02-28', '2026-03-10') RETURNING id`,
    [],
  );
  const problem = (code: string, category: string, order: number) =>
    one(`INSERT INTO feedback_problems (inspection_id, code, category, description, sort_order) VALUES ($1, $2, $3, $4, $5) RETURNING id`, [
      higherId,
      code,
      category,
      `反馈问题${code}`,
      order,
    ]);
  const problems = {
    p1: await problem('1-1', '政治建设', 1),
    p2: await problem('1-2', '政治建设', 2),
    p3: await problem('2-1', '作风建设', 3),
  };
  const planId = await one(`INSERT INTO rectification_plans (inspection_id, title) VALUES ($1, '整改落实方案') RETURNING id`, [higherId]);
  const measure = async (n: number, answers: string[]) => {
    const id = await one(
      `INSERT INTO measures (plan_id, number, content, rectification_type) VALUES ($1, $2, $3, 'time_limited') RETURNING id`,
      [planId, n, `整改措施${n}`],
    );
    for (const p of answers)
      await ds.query(`INSERT INTO measure_feedback_problems (measure_id, feedback_problem_id) VALUES ($1, $2)`, [id, p]);
    return id;
  };
  const measures = {
    m1: await measure(1, [problems.p1]),
    m2: await measure(2, [problems.p1, problems.p2]),
    m3: await measure(3, [problems.p2]),
    m4: await measure(4, [problems.p3]),
  };
  const roundId = await one(
    `INSERT INTO inspections (kind, title, start_date, end_date, plan_id) VALUES ('internal_round', '2026年第一轮巡察', '2026-03-01', '2026-05-31', $1) RETURNING id`,
    [planId],
  );
  const batch = (n: number) =>
    one(
      `INSERT INTO inspection_batches (inspection_id, number, start_date, end_date) VALUES ($1, $2, '2026-03-01', '2026-03-21') RETURNING id`,
      [roundId, n],
    );
  const batches = { b1: await batch(1), b2: await batch(2) };
  const group = async (name: string, batchId: string, unitId: string, leaderId: string | null) => {
    const id = await one(`INSERT INTO inspection_groups (inspection_id, batch_id, name, leader_id) VALUES ($1, $2, $3, $4) RETURNING id`, [
      roundId,
      batchId,
      name,
      leaderId,
    ]);
    await ds.query(`INSERT INTO inspection_group_units (group_id, unit_id) VALUES ($1, $2)`, [id, unitId]);
    return id;
  };
  const groups = {
    g1: await group('第一巡察组', batches.b1, org.units.a, null),
    g2: await group('第二巡察组', batches.b2, org.units.b, org.users.inspector.id),
  };
  const finding = async (unitId: string, batchId: string, groupId: string, category: string, ms: string[]) => {
    const id = await one(
      `INSERT INTO findings (inspection_id, unit_id, group_id, batch_id, category, description) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [roundId, unitId, groupId, batchId, category, `${category}方面的问题`],
    );
    for (const m of ms) await ds.query(`INSERT INTO finding_measures (finding_id, measure_id) VALUES ($1, $2)`, [id, m]);
    return id;
  };
  const fa = await finding(org.units.a, batches.b1, groups.g1, '政治纪律', [measures.m1, measures.m2]);
  const fa1 = await finding(org.units.a1, batches.b1, groups.g1, '组织纪律', [measures.m2]);
  const fb = await finding(org.units.b, batches.b2, groups.g2, '政治纪律', [measures.m3]);
  const items: Record<string, string> = {};
  const item = async (
    key: string,
    findingId: string,
    unitId: string,
    o: {
      status: string;
      type: string;
      deadline: string;
      original?: string;
      closedOn?: string;
      created: string;
      level?: number;
      ownerId?: string;
    },
  ) => {
    items[key] = await one(
      `INSERT INTO rectification_items (finding_id, title, actions, responsible_unit_id, owner_id, deadline, original_deadline, rectification_type,
                                        status, escalation_level, closed_on, closed_at, created_at, version)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 1) RETURNING id`,
      [
        findingId,
        `事项${key}`,
        `针对${key}的整改措施`,
        unitId,
        o.ownerId ?? null,
        o.deadline,
        o.original ?? o.deadline,
        o.type,
        o.status,
        o.level ?? 0,
        o.closedOn ?? null,
        o.closedOn ? `${o.closedOn}T02:00:00Z` : null,
        `${o.created}T02:00:00Z`,
      ],
    );
  };
  const A = org.units.a;
  const A1 = org.units.a1;
  const B = org.units.b;
  await item('a1', fa, A, {
    status: 'closed',
    type: 'time_limited',
    deadline: '2026-06-30',
    closedOn: '2026-06-10',
    created: '2026-06-01',
    ownerId: org.users.staffA.id,
  });
  await item('a2', fa, A, {
    status: 'closed',
    type: 'time_limited',
    deadline: '2026-06-20',
    original: '2026-06-01',
    closedOn: '2026-06-12',
    created: '2026-06-01',
  });
  await item('a3', fa, A, { status: 'pending', type: 'time_limited', deadline: '2026-06-10', created: '2026-05-01', level: 2 });
  await item('a4', fa, A, { status: 'in_progress', type: 'immediate', deadline: '2026-06-20', created: '2026-05-01' });
  await item('a5', fa, A, { status: 'submitted', type: 'long_term', deadline: '2026-06-01', created: '2026-05-01' });
  await item('a1_1', fa1, A1, { status: 'in_progress', type: 'time_limited', deadline: '2026-06-14', created: '2026-05-02', level: 1 });
  await item('a1_2', fa1, A1, {
    status: 'closed',
    type: 'long_term',
    deadline: '2026-12-31',
    closedOn: '2026-06-14',
    created: '2026-06-04',
  });
  await item('b1', fb, B, { status: 'pending', type: 'time_limited', deadline: '2026-07-31', created: '2026-05-03' });
  await item('b2', fb, B, { status: 'closed', type: 'immediate', deadline: '2026-05-31', closedOn: '2026-05-31', created: '2026-05-21' });
  await item('b3', fb, B, { status: 'pending', type: 'long_term', deadline: '2026-06-01', created: '2026-05-03' });
  await ds.query(
    `INSERT INTO item_progress_updates (item_id, note, percent, created_at) VALUES ($1, '已完成初稿', 50, '2026-06-12T02:00:00Z')`,
    [items.a4],
  );
  return { higherId, planId, roundId, problems, measures, batches, groups, items };
}
