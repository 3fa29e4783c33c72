import {
  AUDIT_ACTION_LABELS,
  CHASE_KIND_LABELS,
  ESCALATION_LEVEL_LABELS,
  EXTENSION_STATUS_LABELS,
  FINDING_SEVERITY_LABELS,
  INSPECTION_KIND_LABELS,
  LEDGER_KIND_LABELS,
} from '../../common/labels.js';
import { ROLE_LABELS } from '../../common/roles.js';
import { RECTIFICATION_TYPE_LABELS } from '../plans/measure.entity.js';
import { ITEM_LIGHT_LABELS, LATE_LABELS } from '../rectification/item-derived.js';
import { ITEM_ACTION_LABELS, ITEM_STATUS_LABELS } from '../rectification/item-lifecycle.js';
import { SECURITY_EVENT_LABELS } from '../security/security-event.entity.js';
import { UNIT_PLAN_STATUS_LABELS } from '../unit-plans/unit-plan.entity.js';
import { UNIT_REPORT_STATUS_LABELS } from '../unit-reports/unit-report.entities.js';

/**
 * Every enum label the pages show, gathered from where the server defines it. The page build
 * (web/vite.config.ts) imports this compiled module and bakes it into the bundle as
 * `virtual:labels`, so the pages and the API's `*Label` fields never disagree and no code is
 * shown raw.
 */
export const PAGE_LABELS = {
  role: ROLE_LABELS,
  itemStatus: ITEM_STATUS_LABELS,
  itemAction: ITEM_ACTION_LABELS,
  light: ITEM_LIGHT_LABELS,
  late: LATE_LABELS,
  rectificationType: RECTIFICATION_TYPE_LABELS,
  extensionStatus: EXTENSION_STATUS_LABELS,
  escalationLevel: ESCALATION_LEVEL_LABELS,
  inspectionKind: INSPECTION_KIND_LABELS,
  findingSeverity: FINDING_SEVERITY_LABELS,
  chaseKind: CHASE_KIND_LABELS,
  ledgerKind: LEDGER_KIND_LABELS,
  auditAction: AUDIT_ACTION_LABELS,
  securityEvent: SECURITY_EVENT_LABELS,
  unitPlanStatus: UNIT_PLAN_STATUS_LABELS,
  unitReportStatus: UNIT_REPORT_STATUS_LABELS,
} satisfies Record<string, Record<string, string>>;

export type PageLabels = typeof PAGE_LABELS;
