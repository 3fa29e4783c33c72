import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The starting list of finding categories (domain.md: 六项纪律, 六大建设, focus areas); editable afterwards. */
const CATEGORIES = [
  '政治纪律',
  '组织纪律',
  '廉洁纪律',
  '群众纪律',
  '工作纪律',
  '生活纪律',
  '党的政治建设',
  '思想建设',
  '组织建设',
  '作风建设',
  '纪律建设',
  '制度建设',
  '选人用人',
  '中央八项规定精神',
  '民生实事',
  '专项治理',
  '其他',
];

export class SeedFindingCategories1795806400001 implements MigrationInterface {
  name = 'SeedFindingCategories1795806400001';

  public async up(q: QueryRunner): Promise<void> {
    for (const [i, name] of CATEGORIES.entries()) {
      await q.query(`INSERT INTO finding_categories (name, sort_order) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING`, [
        name,
        (i + 1) * 10,
      ]);
    }
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM finding_categories WHERE name = ANY($1)`, [CATEGORIES]);
  }
}
