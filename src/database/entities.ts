import { AuditEntry, AuditSeal } from '../modules/audit/audit-entry.entity.js';
import { FindingCategory } from '../modules/findings/finding-category.entity.js';
import { Finding } from '../modules/findings/finding.entity.js';
import {
  FollowUpPolicyRow,
  FollowUpRun,
  InboxNotification,
  NotificationDelivery,
  NotificationMessage,
  ReminderLedgerEntry,
  SupervisionNotice,
  WorkingCalendarDay,
} from '../modules/follow-up/follow-up.entities.js';
import { NotificationPreferences, UnitWebhook } from '../modules/follow-up/channels/channel-settings.entities.js';
import { FeedbackProblem } from '../modules/inspections/feedback-problem.entity.js';
import { InspectionBatch } from '../modules/inspections/inspection-batch.entity.js';
import { InspectionGroup } from '../modules/inspections/inspection-group.entity.js';
import { Inspection } from '../modules/inspections/inspection.entity.js';
import { Measure } from '../modules/plans/measure.entity.js';
import { AccountabilityRecord, Clue, Interview } from '../modules/registers/registers.entities.js';
import { CommonProblem, SelfCheck, UnitFeedback, UnitObligation } from '../modules/obligations/obligations.entities.js';
import { ReportBulletin, ReportSnapshot } from '../modules/reports/report.entities.js';
import { ReportItemRollup, ReportMonthRollup, ReportRollupState } from '../modules/reports/report-rollup.entities.js';
import { RectificationPlan } from '../modules/plans/rectification-plan.entity.js';
import { SecurityEvent } from '../modules/security/security-event.entity.js';
import { EvidenceFile } from '../modules/rectification/evidence-file.entity.js';
import { ExtensionRequest } from '../modules/rectification/extension-request.entity.js';
import { ProgressUpdate } from '../modules/rectification/progress-update.entity.js';
import { RectificationItem } from '../modules/rectification/rectification-item.entity.js';
import { Recheck } from '../modules/rechecks/recheck.entity.js';
import { UnitPlan } from '../modules/unit-plans/unit-plan.entity.js';
import { UnitReport, UnitReportFile } from '../modules/unit-reports/unit-report.entities.js';
import { Unit } from '../modules/units/unit.entity.js';
import { User } from '../modules/users/user.entity.js';

/**
 * Every entity, listed explicitly (no globs): the same list serves Nest, the TypeORM CLI and
 * Jest's ESM loader, which cannot follow TypeORM's glob imports.
 */
export const ENTITIES = [
  Clue,
  Interview,
  AccountabilityRecord,
  Unit,
  User,
  AuditEntry,
  AuditSeal,
  Inspection,
  FeedbackProblem,
  InspectionBatch,
  InspectionGroup,
  RectificationPlan,
  Measure,
  FindingCategory,
  Finding,
  RectificationItem,
  ProgressUpdate,
  EvidenceFile,
  ExtensionRequest,
  FollowUpPolicyRow,
  WorkingCalendarDay,
  ReminderLedgerEntry,
  FollowUpRun,
  NotificationDelivery,
  NotificationMessage,
  InboxNotification,
  SupervisionNotice,
  UnitWebhook,
  NotificationPreferences,
  ReportSnapshot,
  ReportBulletin,
  ReportItemRollup,
  ReportMonthRollup,
  ReportRollupState,
  SecurityEvent,
  UnitFeedback,
  UnitObligation,
  CommonProblem,
  SelfCheck,
  UnitPlan,
  UnitReport,
  UnitReportFile,
  Recheck,
];
