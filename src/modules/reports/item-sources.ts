import { ROLLUP_NONE } from './report-rollup.entities.js';

/**
 * An item's source is its finding or, for the bureau's own tasks, its measure (never both). Reports
 * aggregate per source and then roll sources up to measures, problems, batches…
 */

/** The source id of alias `i`, a row of rectification_items (NULL in the absent column) or of report_item_rollup (nil UUID). */
export const sourceIdOf = (alias: string) => `coalesce(nullif(${alias}.finding_id, '${ROLLUP_NONE}'::uuid), ${alias}.measure_id)`;

/** Which measures each source serves: a finding its linked measures, a measure itself. Columns `source_id, measure_id`. */
export const SOURCE_MEASURES = `(SELECT fm.finding_id AS source_id, fm.measure_id FROM finding_measures fm
   UNION ALL SELECT sm.id, sm.id FROM measures sm)`;

/** Label of the bucket of findings that answer no measure of the plan. */
export const UNLINKED_LABEL = '未对应整改措施';
