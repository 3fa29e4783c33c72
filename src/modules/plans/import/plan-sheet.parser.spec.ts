import { describe, expect, it } from '@jest/globals';
import { parsePlanSheet } from './plan-sheet.parser.js';
import type { SheetRow } from './sheet.js';

const ctx = { defaultYear: 2019, immediateDate: '2019-06-10' };
const sheet = (...rows: (string | null)[][]): SheetRow[] =>
  rows.map((cells, i) => ({ rowNumber: i + 1, cells: cells.map((c) => c ?? '') }));

describe('parsePlanSheet', () => {
  it('finds the header under title rows, follows category rows, and reads `1.1 文字` problems', () => {
    const result = parsePlanSheet(
      sheet(
        ['XX局整改落实方案', 'XX局整改落实方案', 'XX局整改落实方案'],
        ['', '', ''],
        ['序号', '反馈问题', '整改措施', '完成时限'],
        ['一、党的政治建设方面', '一、党的政治建设方面', '一、党的政治建设方面', '一、党的政治建设方面'],
        ['1', '1.1 学习不深入', '措施一', '2019年9月底前'],
        ['２', '1.1 学习不深入', '措施二', '立行立改'],
        ['（一）作风方面'],
        ['３', '１．２ 作风不实', '措施三', '每季度'],
      ),
      ctx,
    );
    expect(result.errors).toEqual([]);
    expect(result.problems).toEqual([
      { code: '1-1', category: '党的政治建设方面', description: '学习不深入', row: 5 },
      { code: '1-2', category: '作风方面', description: '作风不实', row: 8 },
    ]);
    expect(result.measures.map((m) => [m.number, m.problemCode, m.deadline, m.rectificationType])).toEqual([
      [1, '1-1', '2019-09-30', 'time_limited'],
      [2, '1-1', '2019-06-10', 'immediate'],
      [3, '1-2', null, 'long_term'],
    ]);
  });

  it('reads code + text columns in any order, ignores extra columns, and related codes in several notations', () => {
    const result = parsePlanSheet(
      sheet(
        ['备注', '关联问题编号', '完成时限', '整改措施', '反馈问题', '反馈问题编号', '问题类别', '序号'],
        ['', '6.2、 5-1；6-1', '2019年12月底前', '措施甲', '问题甲', '1-1', '一、政治', '1'],
        ['', '', '长期坚持', '措施乙', '问题五', '5-1', '五、纪律', '2'],
        ['', '1.1', '长期坚持', '措施丙', '问题六一', '6-1', '六、制度', '3'],
        ['', '', '长期坚持', '措施丁', '问题六二', '6-2', '六、制度', '4'],
      ),
      ctx,
    );
    expect(result.errors).toEqual([]);
    expect(result.measures[0].relatedCodes).toEqual(['6-2', '5-1', '6-1']);
    expect(result.measures[2].relatedCodes).toEqual(['1-1']);
    expect(result.problems.map((p) => `${p.code}:${p.category}`)).toEqual(['1-1:政治', '5-1:纪律', '6-1:制度', '6-2:制度']);
  });

  it('a merged problem cell reaching into an otherwise empty row is a blank row, not a measure', () => {
    const result = parsePlanSheet(
      sheet(
        ['序号', '反馈问题', '整改措施', '完成时限'],
        ['1', '1.1 问题', '措施', '立行立改'],
        ['', '1.1 问题', '', ''],
        ['', '', '', ''],
        ['2', '1.1 问题', '措施二', '长期坚持'],
      ),
      ctx,
    );
    expect(result.errors).toEqual([]);
    expect(result.measures.map((m) => m.number)).toEqual([1, 2]);
  });

  it('collects every error with the spreadsheet row and the header name', () => {
    const result = parsePlanSheet(
      sheet(
        ['方案标题'],
        ['序号', '反馈问题', '整改措施', '关联问题', '完成时限'],
        ['1', '1.1 问题', '措施', '9.9', '尽快'],
        ['1', '1.1 问题', '措施', '', '立行立改'],
        ['x', '没有编号的问题', '', '', '长期坚持'],
      ),
      ctx,
    );
    expect(result.errors).toEqual([
      { row: 3, column: '完成时限', message: expect.stringContaining('尽快') },
      { row: 3, column: '关联问题', message: expect.stringContaining('9-9') },
      { row: 4, column: '序号', message: expect.stringContaining('重复') },
      { row: 5, column: '序号', message: expect.stringContaining('x') },
      { row: 5, column: '整改措施', message: '整改措施为空' },
    ]);
  });

  it('a related code may name a problem the inspection already has', () => {
    const rows = sheet(['序号', '反馈问题', '整改措施', '关联问题', '完成时限'], ['1', '1.1 问题', '措施', '7-1', '立行立改']);
    expect(parsePlanSheet(rows, ctx).errors).toHaveLength(1);
    expect(parsePlanSheet(rows, { ...ctx, knownCodes: ['7-1'] }).errors).toEqual([]);
  });

  it('without the required headers it says which are needed', () => {
    const result = parsePlanSheet(sheet(['a', 'b'], ['1', '2']), ctx);
    expect(result.errors).toEqual([{ row: 1, column: '', message: expect.stringContaining('整改措施、完成时限') }]);
  });

  const brief = (result: ReturnType<typeof parsePlanSheet>) => ({
    problems: result.problems.map((p) => `${p.code}|${p.category}|${p.description}`),
    measures: result.measures.map((m) => [
      m.number,
      m.content,
      [m.problemCode, ...m.relatedCodes].join(' '),
      m.deadline,
      m.rectificationType,
    ]),
  });

  it('problems as section rows above their measures: 一、 categories, （一） problems, no problem column', () => {
    const result = parsePlanSheet(
      sheet(
        ['XX局关于巡视反馈意见的整改方案'],
        ['2019年6月10日'],
        ['序号', '具体措施', '牵头领导', '责任部门', '时限要求'],
        ['一、政治建设方面', '一、政治建设方面', '一、政治建设方面', '一、政治建设方面', '一、政治建设方面'],
        ['（一）学习不深入'],
        ['1', '制定学习计划', '书记', '办公室', '9月30日前'],
        ['2', '开展专题研讨', '书记', '办公室', '年底前'],
        ['（二）作风不实', '', '', '', ''],
        ['3', '整治作风', '副局长', '机关党委', '立行立改，长期坚持'],
        ['二、纪律建设方面'],
        ['（一）违规发放津贴'],
        ['4', '清退津贴', '纪检组长', '财务处', '长期坚持'],
      ),
      ctx,
    );
    expect(result.errors).toEqual([]);
    expect(brief(result)).toEqual({
      problems: ['1-1|政治建设方面|学习不深入', '1-2|政治建设方面|作风不实', '2-1|纪律建设方面|违规发放津贴'],
      measures: [
        [1, '制定学习计划', '1-1', '2019-09-30', 'time_limited'],
        [2, '开展专题研讨', '1-1', '2019-12-31', 'time_limited'],
        [3, '整治作风', '1-2', null, 'long_term'],
        [4, '清退津贴', '2-1', null, 'long_term'],
      ],
    });
    expect(result.measures[2]).toMatchObject({ immediate: true, deadlineText: '立行立改，长期坚持', responsibleLeader: '副局长' });
    expect(result.measures[0]).toMatchObject({ immediate: false, leadDepartment: '办公室' });
  });

  it('a section row numbered `一、（一）`, `1.1`, `问题3` or not at all; measures without a number column are numbered in order', () => {
    const result = parsePlanSheet(
      sheet(
        ['整改措施', '完成时限', '备注'],
        ['一、（一）贯彻决策部署不到位'],
        ['建立第一议题制度', '立行立改'],
        ['1.2 学习不深入'],
        ['制定学习计划', '2019年9月底前'],
        ['问题3：选人用人不规范'],
        ['修订选人用人办法', '2019年12月底前', '另见附件'],
        ['干部档案管理不严'],
        ['开展档案专项审核', '长期坚持'],
      ),
      ctx,
    );
    expect(result.errors).toEqual([]);
    expect(brief(result)).toEqual({
      problems: ['1-1|未分类|贯彻决策部署不到位', '1-2|未分类|学习不深入', '3|未分类|选人用人不规范', '1|未分类|干部档案管理不严'],
      measures: [
        [1, '建立第一议题制度', '1-1', '2019-06-10', 'immediate'],
        [2, '制定学习计划', '1-2', '2019-09-30', 'time_limited'],
        [3, '修订选人用人办法', '3', '2019-12-31', 'time_limited'],
        [4, '开展档案专项审核', '1', null, 'long_term'],
      ],
    });
    expect(result.warnings).toContainEqual({ row: 2, column: '问题类别', message: expect.stringContaining('未分类') });
  });

  it.each([
    ['1.', ['1. 问题甲', '2. 问题乙']],
    ['1、', ['1、问题甲', '2、问题乙']],
    ['(1)', ['(1)问题甲', '（2）问题乙']],
    ['问题1', ['问题1 问题甲', '问题2：问题乙']],
    ['（一）', ['（一）问题甲', '（二）问题乙']],
    ['1-1', ['1-1 问题甲', '1-2问题乙']],
  ])('problems numbered `%s` in their own column', (_form, [first, second]) => {
    const result = parsePlanSheet(
      sheet(['编号', '存在问题', '整改措施', '整改时限'], ['1', first, '措施甲', '长期坚持'], ['2', second, '措施乙', '长期坚持']),
      ctx,
    );
    expect(result.errors).toEqual([]);
    const codes = result.problems.map((p) => p.code);
    expect(codes).toEqual(_form === '1-1' ? ['1-1', '1-2'] : ['1', '2']);
    expect(result.problems.map((p) => p.description)).toEqual(['问题甲', '问题乙']);
    expect(result.measures.map((m) => m.problemCode)).toEqual(codes);
  });

  it('unnumbered problems in a merged column (blank below the first row) are numbered in order; related problems as bare numbers', () => {
    const result = parsePlanSheet(
      sheet(
        ['序号', '问题', '整改措施', '关联问题', '完成时限'],
        ['一、政治建设'],
        ['1', '学习不深入', '制定学习计划', '', '2019年9月底前'],
        ['2', '', '开展研讨', '2', '2019年9月底前'],
        ['3', '作风不实', '整治作风', '', '长期坚持'],
        ['二、纪律建设'],
        ['4', '违规发津贴', '清退津贴', '1,2', '立行立改'],
        ['5', '', '建立制度', '第1、2个问题', '年底前'],
      ),
      ctx,
    );
    expect(result.errors).toEqual([]);
    expect(brief(result)).toEqual({
      problems: ['1-1|政治建设|学习不深入', '1-2|政治建设|作风不实', '2-1|纪律建设|违规发津贴'],
      measures: [
        [1, '制定学习计划', '1-1', '2019-09-30', 'time_limited'],
        [2, '开展研讨', '1-1 1-2', '2019-09-30', 'time_limited'],
        [3, '整治作风', '1-2', null, 'long_term'],
        [4, '清退津贴', '2-1 1-1 1-2', '2019-06-10', 'immediate'],
        [5, '建立制度', '2-1 1-1 1-2', '2019-12-31', 'time_limited'],
      ],
    });
  });

  it('related problems as full codes in several notations, bare numbers naming codes, and errors for what names nothing', () => {
    const result = parsePlanSheet(
      sheet(
        ['序号', '反馈问题', '整改措施', '关联问题', '完成时限'],
        ['1', '1. 问题一', '措施一', '', '长期坚持'],
        ['2', '2. 问题二', '措施二', '', '长期坚持'],
        ['3', '3. 问题三', '措施三', '1、2', '长期坚持'],
        ['4', '3. 问题三', '措施四', '第一、二个问题', '长期坚持'],
        ['5', '3. 问题三', '措施五', '问题9', '长期坚持'],
        ['6', '3. 问题三', '措施六', '甲', '长期坚持'],
      ),
      ctx,
    );
    expect(result.measures.map((m) => m.relatedCodes)).toEqual([[], [], ['1', '2'], ['1', '2'], []]);
    expect(result.errors).toEqual([
      { row: 6, column: '关联问题', message: expect.stringContaining('“9”在方案中不存在') },
      { row: 7, column: '关联问题', message: expect.stringContaining('“甲”无效') },
    ]);
  });

  it('the header is looked for in the first 10 rows only', () => {
    const titles = Array.from({ length: 10 }, (_, i) => [`标题${i + 1}`]);
    const result = parsePlanSheet(
      sheet(...titles, ['序号', '反馈问题', '整改措施', '完成时限'], ['1', '1.1 问题', '措施', '长期坚持']),
      ctx,
    );
    expect(result.errors).toEqual([{ row: 1, column: '', message: expect.stringContaining('前10行') }]);
  });
});
