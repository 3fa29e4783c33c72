import type { TestApp } from './test-app.js';

function expectStatus(res: { status: number; body: unknown }, status: number, what: string): void {
  if (res.status !== status) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
}

/** A finding recorded by the office at a unit in a round (group and batch of that unit). */
export async function recordFinding(
  t: TestApp,
  officeToken: string,
  f: { inspectionId: string; unitId: string; groupId: string; batchId: string; description: string; measureIds: string[] },
): Promise<string> {
  const res = await t
    .as(officeToken)
    .post('/api/v1/findings')
    .send({ category: '中央八项规定精神', ...f });
  expectStatus(res, 201, 'finding');
  return res.body.id as string;
}

/** The unit's 整改方案 opened by `token` (its manager or the office). */
export async function openUnitPlan(t: TestApp, token: string, inspectionId: string, unitId: string): Promise<string> {
  const res = await t.as(token).post('/api/v1/unit-plans').send({ inspectionId, unitId });
  expectStatus(res, 201, 'unit plan');
  return res.body.id as string;
}

/** A draft item of a unit plan, added by `token`. */
export async function draftItem(
  t: TestApp,
  token: string,
  d: { unitPlanId: string; findingId: string; unitId: string; title: string; deadline: string; ownerId?: string },
): Promise<string> {
  const res = await t
    .as(token)
    .post('/api/v1/items')
    .send({
      unitPlanId: d.unitPlanId,
      findingId: d.findingId,
      title: d.title,
      responsibleUnitId: d.unitId,
      ownerId: d.ownerId,
      deadline: d.deadline,
      rectificationType: 'time_limited',
      actions: `${d.title}的措施`,
      responsibleLeader: '分管副局长',
    });
  expectStatus(res, 201, 'draft item');
  return res.body.id as string;
}
