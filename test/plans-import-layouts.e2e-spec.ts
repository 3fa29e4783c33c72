import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { seedOrg, type Org } from './support/org.js';
import { XLSX_MIME } from './support/plan.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { xlsxOf } from './support/workbooks.js';

/**
 * Plans laid out as other offices lay them out (not the 53-measure sample): each is built here,
 * previewed with a dry run (nothing written), then imported and read back through the API.
 */
interface PreviewMeasure {
  number: number;
  content: string;
  deadline: string | null;
  deadlineText: string | null;
  rectificationType: string;
  immediate: boolean;
  problemCodes: string[];
  responsibleLeader: string | null;
  leadDepartment: string | null;
}
interface Preview {
  feedbackProblems: { code: string; category: string; description: string; exists: boolean }[];
  measures: PreviewMeasure[];
}
interface Expected {
  problems: string[];
  measures: [number, string, string | null, string, string[]][];
}

/** 区县局 style: merged title and date rows, problems as merged section rows above their measures. */
const sectionRows = () =>
  xlsxOf('整改方案', (ws) => {
    ws.addRow(['XX区局关于区委第三巡察组反馈意见的整改方案']);
    ws.mergeCells('A1:G1');
    ws.addRow(['2019年10月15日']);
    ws.mergeCells('A2:G2');
    ws.addRow([]);
    ws.addRow(['编号', '具体措施', '牵头领导', '牵头单位', '配合部门', '时限要求', '备注']);
    ws.addRow(['一、党的政治建设方面']);
    ws.mergeCells('A5:G5');
    ws.addRow(['（一）理论学习不深入']);
    ws.mergeCells('A6:G6');
    ws.addRow([1, '制定年度学习计划', '局长', '办公室', '各科室', '9月30日前', '']);
    ws.addRow([2, '开展专题研讨', '局长', '办公室', '', '年底前', '每月一次']);
    ws.addRow(['（二）落实主体责任不到位']);
    ws.mergeCells('A9:G9');
    ws.addRow([3, '建立责任清单', '副局长', '人事科', '', '立行立改，长期坚持', '']);
    ws.addRow(['二、全面从严治党方面']);
    ws.mergeCells('A11:G11');
    ws.addRow(['（一）违规发放津贴补贴']);
    ws.mergeCells('A12:G12');
    ws.addRow([4, '清退违规发放款项', '纪检组长', '财务科', '', '长期坚持', '']);
  });

/** 直属单位 style: unnumbered problems in a vertically merged column, columns in another order, related in words. */
const mergedColumn = () =>
  xlsxOf('整改方案', (ws) => {
    ws.addRow(['整改任务清单']);
    ws.addRow(['序号', '存在问题', '整改措施', '关联问题', '责任领导', '责任部门', '完成时限']);
    ws.addRow([1, '学习记录不规范', '规范学习记录', '', '书记', '办公室', '2019年12月底前']);
    ws.addRow([2, '学习记录不规范', '开展学习检查', '', '书记', '办公室', '立行立改']);
    ws.mergeCells('B3:B4');
    ws.addRow([3, '选人用人程序不严', '修订选人用人办法', '', '副书记', '组织人事部', '2020年6月底前']);
    ws.addRow([4, '经费管理混乱', '完善财务制度', '', '副局长', '财务处', '11月底前']);
    ws.addRow([5, '经费管理混乱', '开展专项审计', '第1、3个问题', '副局长', '审计处', '长期坚持']);
    ws.mergeCells('B6:B7');
  });

/** A csv exported from a sheet with `一、（一）` problem labels, merged cells left blank below, bare related numbers. */
const csvTwoLevel = () =>
  Buffer.from(
    [
      '关于巡视反馈问题整改落实方案',
      '印发日期：2019年6月10日',
      '问题类别,反馈问题,序号,整改措施,关联问题编号,牵头部门,整改时限,完成情况',
      '一、政治建设,一、（一）重大决策部署落实不到位,1,建立第一议题制度,,办公室,立行立改,',
      ',,2,建立督办机制,"1,3",办公室,2019年9月底前,',
      ',一、（二）民主集中制执行不严,3,修订议事规则,,办公室,年底前,',
      '二、作风建设,二、（一）文山会海,4,精简会议文件,1、2,办公室,长期坚持,',
    ].join('\r\n'),
    'utf8',
  );

describe('plans: import of plans laid out as other offices lay them out, with a dry-run preview', () => {
  let t: TestApp;
  let org: Org;

  beforeAll(async () => {
    t = await startTestApp();
    org = await seedOrg(t);
  });
  afterAll(async () => {
    await t.close();
  });

  const office = () => t.as(org.users.office.token);
  const newPlan = async (issuedDate: string) => {
    const insp = await office().post('/api/v1/inspections').send({
      kind: 'higher_level',
      title: '上级巡视',
      startDate: '2019-03-01',
      endDate: '2019-04-30',
      feedbackDate: '2019-05-20',
    });
    expect(insp.status).toBe(201);
    const plan = await office().post('/api/v1/plans').send({ inspectionId: insp.body.id, title: '整改落实方案', issuedDate });
    expect(plan.status).toBe(201);
    return { inspectionId: insp.body.id as string, planId: plan.body.id as string };
  };
  const counts = async () =>
    (
      await t.dataSource.query(
        `SELECT (SELECT COUNT(*) FROM feedback_problems)::int AS problems, (SELECT COUNT(*) FROM measures)::int AS measures`,
      )
    )[0] as { problems: number; measures: number };

  it.each([
    [
      'section rows (merged title and date rows, header on row 4, 编号/具体措施/牵头单位/时限要求)',
      sectionRows,
      'plan.xlsx',
      XLSX_MIME,
      '2019-10-15',
      {
        problems: [
          '1-1|党的政治建设方面|理论学习不深入',
          '1-2|党的政治建设方面|落实主体责任不到位',
          '2-1|全面从严治党方面|违规发放津贴补贴',
        ],
        measures: [
          [1, '制定年度学习计划', '2020-09-30', 'time_limited', ['1-1']],
          [2, '开展专题研讨', '2019-12-31', 'time_limited', ['1-1']],
          [3, '建立责任清单', null, 'long_term', ['1-2']],
          [4, '清退违规发放款项', null, 'long_term', ['2-1']],
        ],
      },
    ],
    [
      'unnumbered problems in a merged column, related problems in words',
      mergedColumn,
      'plan.xlsx',
      XLSX_MIME,
      '2019-06-10',
      {
        problems: ['1|未分类|学习记录不规范', '2|未分类|选人用人程序不严', '3|未分类|经费管理混乱'],
        measures: [
          [1, '规范学习记录', '2019-12-31', 'time_limited', ['1']],
          [2, '开展学习检查', '2019-06-10', 'immediate', ['1']],
          [3, '修订选人用人办法', '2020-06-30', 'time_limited', ['2']],
          [4, '完善财务制度', '2019-11-30', 'time_limited', ['3']],
          [5, '开展专项审计', null, 'long_term', ['3', '1']],
        ],
      },
    ],
    [
      'a csv with `一、（一）` labels, blanks under merged cells and bare related numbers',
      () => Promise.resolve(csvTwoLevel()),
      'plan.csv',
      'text/csv',
      '2019-06-10',
      {
        problems: ['1-1|政治建设|重大决策部署落实不到位', '1-2|政治建设|民主集中制执行不严', '2-1|作风建设|文山会海'],
        measures: [
          [1, '建立第一议题制度', '2019-06-10', 'immediate', ['1-1']],
          [2, '建立督办机制', '2019-09-30', 'time_limited', ['1-1', '2-1']],
          [3, '修订议事规则', '2019-12-31', 'time_limited', ['1-2']],
          [4, '精简会议文件', null, 'long_term', ['2-1', '1-1', '1-2']],
        ],
      },
    ],
  ])('%s: the dry run previews it, the import stores it', async (_name, build, filename, contentType, issuedDate, expected) => {
    const { inspectionId, planId } = await newPlan(issuedDate);
    const body = await build();
    const upload = (query: string) =>
      office().post(`/api/v1/plans/${planId}/import${query}`).attach('file', body, { filename, contentType });

    const before = await counts();
    const dry = await upload('?dryRun=true');
    expect(dry.status).toBe(200);
    expect(await counts()).toEqual(before);
    const preview = dry.body.preview as Preview;
    expect(dry.body).toMatchObject({ dryRun: true, feedbackProblems: expected.problems.length, measures: expected.measures.length });
    expect(preview.feedbackProblems.map((p) => `${p.code}|${p.category}|${p.description}`)).toEqual(expected.problems);
    expect(preview.feedbackProblems.every((p) => p.exists === false)).toBe(true);
    expect(preview.measures.map((m) => [m.number, m.content, m.deadline, m.rectificationType, m.problemCodes])).toEqual(expected.measures);
    expect(Array.isArray(dry.body.warnings)).toBe(true);

    const res = await upload('');
    expect(res.status).toBe(200);
    expect(res.body.preview).toBeUndefined();
    const problems = await office().get(`/api/v1/inspections/${inspectionId}/feedback-problems`);
    expect(
      problems.body.map((p: { code: string; category: string; description: string }) => `${p.code}|${p.category}|${p.description}`),
    ).toEqual(expected.problems);
    const measures = await office().get(`/api/v1/plans/${planId}/measures`);
    expect(
      measures.body.map(
        (m: {
          number: number;
          content: string;
          deadline: string | null;
          rectificationType: string;
          feedbackProblems: { code: string }[];
        }) => [m.number, m.content, m.deadline, m.rectificationType, m.feedbackProblems.map((p) => p.code).sort()],
      ),
    ).toEqual((expected as Expected).measures.map(([n, c, d, type, codes]) => [n, c, d, type, [...codes].sort()]));
  });

  it('the preview flags `立行立改，长期坚持` as immediate on a long-term measure and carries leaders and departments', async () => {
    const { planId } = await newPlan('2019-10-15');
    const dry = await office()
      .post(`/api/v1/plans/${planId}/import?dryRun=true`)
      .attach('file', await sectionRows(), { filename: 'plan.xlsx', contentType: XLSX_MIME });
    expect(dry.status).toBe(200);
    const byNumber = new Map((dry.body.preview as Preview).measures.map((m) => [m.number, m]));
    expect(byNumber.get(3)).toMatchObject({ rectificationType: 'long_term', immediate: true, deadlineText: '立行立改，长期坚持' });
    expect(byNumber.get(4)).toMatchObject({ rectificationType: 'long_term', immediate: false });
    expect(byNumber.get(1)).toMatchObject({ responsibleLeader: '局长', leadDepartment: '办公室', deadlineText: '9月30日前' });
  });
});
