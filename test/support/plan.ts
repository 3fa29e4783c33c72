import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestApp } from './test-app.js';

export const FIXTURES_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');
export const PLAN_XLSX = join(FIXTURES_DIR, 'rectification-plan-53.xlsx');
export const PLAN_CSV = join(FIXTURES_DIR, 'rectification-plan-53.csv');
export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export interface ImportedPlan {
  inspectionId: string;
  planId: string;
  /** Measure id by its number in the plan (1…53). */
  measuresByNumber: Record<number, string>;
  /** Feedback problem id by code (`1-1` … `6-2`). */
  problemsByCode: Record<string, string>;
}

function expectStatus(res: { status: number; body: unknown }, status: number, what: string): void {
  if (res.status !== status) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
}

/**
 * The higher-level inspection (上级巡视, fed back 2019-05-20) and its plan (issued 2019-06-10)
 * with the 53 measures of test/fixtures/rectification-plan-53.xlsx imported through the API.
 */
export async function importFixturePlan(t: TestApp, officeToken: string): Promise<ImportedPlan> {
  const office = t.as(officeToken);
  const inspection = await office.post('/api/v1/inspections').send({
    kind: 'higher_level',
    title: '上级党组第二巡视组巡视',
    inspectingBody: '上级党组第二巡视组',
    startDate: '2019-03-01',
    endDate: '2019-04-30',
    feedbackDate: '2019-05-20',
  });
  expectStatus(inspection, 201, 'create higher-level inspection');
  const plan = await office.post('/api/v1/plans').send({
    inspectionId: inspection.body.id,
    title: '关于上级党组第二巡视组反馈意见的整改落实方案',
    documentNo: '某党组〔2019〕12号',
    issuedDate: '2019-06-10',
  });
  expectStatus(plan, 201, 'create plan');
  const imported = await office
    .post(`/api/v1/plans/${plan.body.id}/import`)
    .attach('file', readFileSync(PLAN_XLSX), { filename: '整改落实方案.xlsx', contentType: XLSX_MIME });
  expectStatus(imported, 200, 'import plan');
  const measures = await office.get(`/api/v1/plans/${plan.body.id}/measures`);
  expectStatus(measures, 200, 'list measures');
  const problems = await office.get(`/api/v1/inspections/${inspection.body.id}/feedback-problems`);
  expectStatus(problems, 200, 'list feedback problems');
  return {
    inspectionId: inspection.body.id,
    planId: plan.body.id,
    measuresByNumber: Object.fromEntries((measures.body as { id: string; number: number }[]).map((m) => [m.number, m.id])),
    problemsByCode: Object.fromEntries((problems.body as { id: string; code: string }[]).map((p) => [p.code, p.id])),
  };
}

export interface Round {
  roundId: string;
  batchIds: string[];
  /** One group per batch; group i covers the units given for batch i. */
  groupIds: string[];
}

/**
 * An internal round (本级巡察) serving the plan, with 3 batches and a group per batch. `units`
 * is either one list of unit ids (spread over the 3 groups round-robin) or three lists, one per
 * batch. `leaders` optionally names a leader (user id) per group; the leader is also a member.
 */
export async function createRound(
  t: TestApp,
  officeToken: string,
  planId: string,
  units: string[] | string[][],
  leaders: (string | undefined)[] = [],
): Promise<Round> {
  const office = t.as(officeToken);
  const perBatch: string[][] = Array.isArray(units[0])
    ? (units as string[][])
    : [0, 1, 2].map((b) => (units as string[]).filter((_, i) => i % 3 === b));
  const round = await office.post('/api/v1/inspections').send({
    kind: 'internal_round',
    title: '2026年第一轮巡察',
    startDate: '2026-03-01',
    endDate: '2026-05-31',
    planId,
  });
  expectStatus(round, 201, 'create round');
  const batchIds: string[] = [];
  const groupIds: string[] = [];
  for (let b = 0; b < 3; b++) {
    const start = ['2026-03-01', '2026-04-01', '2026-05-01'][b];
    const end = ['2026-03-21', '2026-04-21', '2026-05-21'][b];
    const batch = await office.post(`/api/v1/inspections/${round.body.id}/batches`).send({ number: b + 1, startDate: start, endDate: end });
    expectStatus(batch, 201, `create batch ${b + 1}`);
    batchIds.push(batch.body.id);
    const unitIds = perBatch[b] ?? [];
    if (unitIds.length === 0) continue;
    const leaderId = leaders[b];
    const group = await office.post(`/api/v1/inspections/${round.body.id}/groups`).send({
      name: `第${'一二三'[b]}巡察组`,
      batchId: batch.body.id,
      unitIds,
      ...(leaderId ? { leaderId, memberIds: [leaderId] } : {}),
    });
    expectStatus(group, 201, `create group ${b + 1}`);
    groupIds.push(group.body.id);
  }
  return { roundId: round.body.id, batchIds, groupIds };
}
