import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { addDays } from '../common/dates.js';
import { ApiClient } from './api-client.js';

/*
 * The demo scenario, seeded through the public HTTP API only (so it also exercises the contract):
 * the higher-level inspection with the 53-measure plan imported from Excel, an internal round of
 * three batches with an inspection group each, 30 units, findings, and items in every status,
 * some overdue, some closed late, one extension pending and one approved.
 */

/** Meets the password policy (10+ characters, 3 of 4 classes): the demo's users are created through the API. */
export const DEMO_PASSWORD = 'Demo@2026cn';

const UNIT_NAMES = [
  '局办公室',
  '人事处',
  '财务处',
  '规划计划处',
  '政策法规处',
  '机关党委',
  '离退休干部处',
  '信息中心',
  '监测中心',
  '水文站',
  '质量监督站',
  '执法总队',
  '科学研究院',
  '培训中心',
  '机关服务中心',
  '第一管理处',
  '第二管理处',
  '第三管理处',
  '第四管理处',
  '第五管理处',
  '东区分局',
  '西区分局',
  '南区分局',
  '北区分局',
  '城区分局',
  '开发区分局',
  '工程建设中心',
  '应急保障中心',
  '档案馆',
  '宣传教育中心',
];

const FINDINGS: { category: string; description: string; measures: number[]; items: string[] }[] = [
  {
    category: '政治纪律',
    description: '党组会议“第一议题”制度落实不到位，重大决策部署传达学习不及时',
    measures: [1, 3],
    items: ['建立“第一议题”学习台账', '补充传达学习重大决策部署'],
  },
  { category: '组织纪律', description: '中心组学习记录存在补记、代记情况', measures: [6, 7], items: ['规范中心组学习记录'] },
  {
    category: '选人用人',
    description: '干部选拔任用动议、考察环节记录不全',
    measures: [12, 13],
    items: ['补齐选任程序性材料', '修订干部选拔任用工作规程'],
  },
  {
    category: '中央八项规定精神',
    description: '公务用车使用登记不规范，存在公车私用苗头',
    measures: [23, 24, 25],
    items: ['清查公务用车使用登记'],
  },
  {
    category: '廉洁纪律',
    description: '违规发放津补贴，审批程序不严格',
    measures: [26, 27],
    items: ['清退违规发放的津补贴', '制定津补贴负面清单'],
  },
  { category: '工作纪律', description: '差旅费报销超标准，报销审核把关不严', measures: [29], items: ['核查差旅费报销凭证'] },
  { category: '作风建设', description: '基层党支部“三会一课”制度落实不严', measures: [16, 17], items: ['建立“三会一课”问题台账'] },
  {
    category: '专项治理',
    description: '内部审计整改结果运用不充分，问责不到位',
    measures: [46, 48],
    items: ['建立审计整改问责机制', '开展审计整改情况“回头看”'],
  },
];

interface Created {
  id: string;
}

/** A tiny deterministic generator, so every demo run has the same shape. */
function lcg(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export interface DemoSummary {
  units: number;
  findings: number;
  items: number;
  byStatus: Record<string, number>;
  users: { username: string; role: string; displayName: string; unit?: string }[];
}

export async function seedDemoScenario(
  baseUrl: string,
  admin: { username: string; password: string },
  today: string,
): Promise<DemoSummary> {
  const rnd = lcg(20260615);
  const api = await new ApiClient(baseUrl).login(admin.username, admin.password);
  const users: DemoSummary['users'] = [];
  const user = async (username: string, displayName: string, role: string, unitId?: string, unitName?: string) => {
    const u = await api.post<Created>('/users', {
      username,
      password: DEMO_PASSWORD,
      displayName,
      role,
      unitId,
      email: `${username}@example.gov.cn`,
    });
    users.push({ username, role, displayName, unit: unitName });
    return u.id;
  };

  const bureau = await api.post<Created>('/units', { code: 'BUREAU', name: '市某局（本级）' });
  const units: { id: string; name: string; managerId: string; staffId: string }[] = [];
  for (const [i, name] of UNIT_NAMES.entries()) {
    const code = `U${String(i + 1).padStart(2, '0')}`;
    const unit = await api.post<Created>('/units', { code, name, parentId: bureau.id });
    const managerId = await user(`mgr${code.slice(1)}`, `${name}负责人`, 'unit_manager', unit.id, name);
    const staffId = await user(`staff${code.slice(1)}`, `${name}整改责任人`, 'unit_staff', unit.id, name);
    units.push({ id: unit.id, name, managerId, staffId });
  }
  await user('office', '巡察办 王主任', 'office');
  await user('office2', '巡察办 李干事', 'office');
  await user('leader', '领导小组 陈书记', 'leadership');
  const inspectorIds = [
    await user('inspector1', '第一巡察组 赵组长', 'inspector'),
    await user('inspector2', '第二巡察组 钱组长', 'inspector'),
    await user('inspector3', '第三巡察组 孙组长', 'inspector'),
  ];

  const office = await new ApiClient(baseUrl).login('office', DEMO_PASSWORD);
  const office2 = await new ApiClient(baseUrl).login('office2', DEMO_PASSWORD);

  // The higher-level inspection and the bureau's 53-measure plan, imported from the office's Excel file.
  const higher = await office.post<Created>('/inspections', {
    kind: 'higher_level',
    title: '上级党组第二巡视组巡视',
    inspectingBody: '上级党组第二巡视组',
    startDate: '2019-03-01',
    endDate: '2019-04-30',
    feedbackDate: '2019-05-20',
  });
  const plan = await office.post<Created>('/plans', {
    inspectionId: higher.id,
    title: '关于上级党组第二巡视组反馈意见的整改落实方案',
    documentNo: '某党组〔2019〕12号',
    issuedDate: '2019-06-10',
  });
  const here = dirname(fileURLToPath(import.meta.url));
  const workbook = readFileSync(join(here, 'demo-data', 'plan-53.xlsx'));
  await office.upload(
    `/plans/${plan.id}/import`,
    'file',
    workbook,
    '整改落实方案.xlsx',
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  );
  const measures = await office.get<{ id: string; number: number }[]>(`/plans/${plan.id}/measures`);
  const measureId = new Map(measures.map((m) => [m.number, m.id]));

  // The bureau's own first round: three batches, a group per batch, ten units each.
  const round = await office.post<Created>('/inspections', {
    kind: 'internal_round',
    title: '2026年第一轮巡察',
    startDate: addDays(today, -150),
    endDate: addDays(today, -60),
    planId: plan.id,
  });
  const groups: { groupId: string; batchId: string; units: typeof units }[] = [];
  for (let b = 0; b < 3; b++) {
    const start = addDays(today, -150 + b * 30);
    const batch = await office.post<Created>(`/inspections/${round.id}/batches`, {
      number: b + 1,
      startDate: start,
      endDate: addDays(start, 21),
    });
    const groupUnits = units.slice(b * 10, b * 10 + 10);
    const group = await office.post<Created>(`/inspections/${round.id}/groups`, {
      name: `第${'一二三'[b]}巡察组`,
      leaderId: inspectorIds[b],
      memberIds: [inspectorIds[b]],
      batchId: batch.id,
      unitIds: groupUnits.map((u) => u.id),
    });
    groups.push({ groupId: group.id, batchId: batch.id, units: groupUnits });
  }

  // Findings and items. Deadlines spread around today; statuses spread over the lifecycle.
  const byStatus: Record<string, number> = { pending: 0, in_progress: 0, submitted: 0, closed: 0 };
  let findings = 0;
  let items = 0;
  let extensions = 0;
  for (const group of groups) {
    for (const [u, unit] of group.units.entries()) {
      const unitApi = await new ApiClient(baseUrl).login(`mgr${String(units.indexOf(unit) + 1).padStart(2, '0')}`, DEMO_PASSWORD);
      const picks = [FINDINGS[(u + groups.indexOf(group)) % FINDINGS.length], FINDINGS[(u * 3 + 1) % FINDINGS.length]];
      for (const f of u % 3 === 0 ? picks : picks.slice(0, 1)) {
        const finding = await office.post<Created>('/findings', {
          inspectionId: round.id,
          unitId: unit.id,
          groupId: group.groupId,
          batchId: group.batchId,
          category: f.category,
          description: `${unit.name}：${f.description}`,
          measureIds: f.measures.map((n) => measureId.get(n)),
        });
        findings++;
        for (const title of f.items) {
          const offset = Math.round(rnd() * 120) - 60; // deadline from 60 days ago to 60 days ahead
          const type = rnd() < 0.15 ? 'long_term' : rnd() < 0.2 ? 'immediate' : 'time_limited';
          const item = await office.post<Created & { version: number }>('/items', {
            findingId: finding.id,
            title,
            actions: `${title}，明确责任人和完成时限，按月报告进展`,
            responsibleUnitId: unit.id,
            ownerId: unit.staffId,
            deadline: addDays(today, offset),
            rectificationType: type,
          });
          items++;
          const roll = rnd();
          const target = roll < 0.25 ? 'pending' : roll < 0.55 ? 'in_progress' : roll < 0.7 ? 'submitted' : 'closed';
          if (target !== 'pending') {
            await unitApi.post(`/items/${item.id}/transitions`, { action: 'start' });
            await unitApi.post(`/items/${item.id}/progress`, {
              note: '已制定整改方案，正在逐项落实',
              percent: target === 'in_progress' ? 40 : 100,
            });
          }
          if (target === 'submitted' || target === 'closed') {
            await unitApi.upload(`/items/${item.id}/evidence`, 'file', demoPdf(title), `${title}-佐证材料.pdf`, 'application/pdf');
            await unitApi.post(`/items/${item.id}/transitions`, { action: 'submit' });
          }
          if (target === 'closed') await office.post(`/items/${item.id}/transitions`, { action: 'approve' });
          byStatus[target]++;
          // The first few in-progress items near their deadline ask for more time: every other one
          // is approved by the office, the rest wait in the office's queue.
          if (target === 'in_progress' && offset < 10 && extensions < 6) {
            const ext = await unitApi.post<Created>(`/items/${item.id}/extensions`, {
              newDeadline: addDays(today, 30 + Math.max(offset, 0)),
              reason: '涉及多部门协调，需延长整改时限',
            });
            if (extensions % 2 === 0) await office2.post(`/extensions/${ext.id}/decision`, { approve: true, comment: '同意延期' });
            extensions++;
          }
        }
      }
    }
  }
  // Today's figures for the trend line; the worker's daily job adds one snapshot a day from now on.
  await office.post('/reports/snapshots');
  return { units: units.length + 1, findings, items, byStatus, users };
}

/** A small valid PDF naming the evidence, so downloads open in a viewer. */
function demoPdf(title: string): Uint8Array {
  const text = `Rectify demo evidence: ${Buffer.from(title).toString('hex').slice(0, 40)}`;
  const body = `%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 300 100]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>endobj\n4 0 obj<</Length ${text.length + 30}>>stream\nBT /F1 8 Tf 10 50 Td (${text}) Tj ET\nendstream endobj\n5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n`;
  return new TextEncoder().encode(body);
}
