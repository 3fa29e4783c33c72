/* Response bodies of this module's operations, as the OpenAPI document declares them (the Swagger
 * plugin reads the property types; see src/metadata.ts). Controllers declare them as return types. */

import type { RectificationType } from '../plans/measure.entity.js';
import type { ItemStatus } from '../rectification/item-lifecycle.js';
import type { MeasureStatus } from '../plans/measure-status.js';

export class OverviewDto {
  total: number;
  closed: number;
  submitted: number;
  inProgress: number;
  pending: number;
  overdue: number;
  dueSoon: number;
  closedOnTime: number;
  closedLate: number;
  longTerm: OverviewLongTermDto;
  excludingLongTerm: OverviewLongTermDto;
  byType: OverviewByTypeDto[];
  asOf: string;
  closureRate: number | null;
  onTimeRate: number | null;
  meanDaysToClose: number | null;
}

export class OverviewLongTermDto {
  total: number;
  closed: number;
  closureRate: number | null;
}

export class OverviewByTypeDto {
  type: 'immediate' | 'time_limited' | 'long_term';
  label: string;
  total: number;
  closed: number;
  overdue: number;
  closureRate: number | null;
}

export class ClosureRowDto {
  key: string | null;
  label: string;
  total: number;
  closed: number;
  submitted: number;
  inProgress: number;
  pending: number;
  overdue: number;
  closureRate: number | null;
}

export class ReportsOverdueDto {
  data: OverdueItemDto[];
  total: number;
  page: number;
  pageSize: number;
  asOf: string;
}

export class OverdueItemDto {
  id: string;
  title: string;
  status: ItemStatus;
  rectificationType: RectificationType;
  /** YYYY-MM-DD */
  deadline: string;
  /** YYYY-MM-DD */
  originalDeadline: string;
  daysOverdue: number;
  escalationLevel: number;
  unit: UnitRefDto;
  owner: OverdueOwnerDto | null;
  measureNumbers: number[];
}

export class UnitRefDto {
  id: string;
  name: string;
}

export class OverdueOwnerDto {
  id: string;
  displayName: string;
}

export class ReportsMeasuresDto {
  id: string;
  planId: string;
  number: number;
  content: string;
  leadUnit: UnitRefDto | null;
  /** 对账销号; null while not signed off. */
  signoff: ReportsMeasureSignoffDto | null;
  status: MeasureStatus;
  statusLabel: string;
  feedbackProblems: ReportsMeasuresFeedbackProblemsDto[];
  total: number;
  closed: number;
  submitted: number;
  inProgress: number;
  pending: number;
  overdue: number;
  closureRate: number | null;
  covered: boolean;
}

export class ReportsMeasureSignoffDto {
  at: Date;
  statement: string;
}

export class ReportsMeasuresFeedbackProblemsDto {
  id: string;
  code: string;
  description: string;
}

export class ReportsCoverageDto {
  asOf: string;
  inspections: ReportsCoverageInspectionsDto[];
  measures: ReportsCoverageMeasuresDto[];
  /** Findings in scope that answer no measure (未对应整改措施): not counted above. */
  unlinked: ReportsCoverageUnlinkedDto;
}

export class ReportsCoverageUnlinkedDto {
  label: string;
  findings: number;
  total: number;
  closed: number;
  submitted: number;
  inProgress: number;
  pending: number;
  overdue: number;
  closureRate: number | null;
}

export class ReportsCoverageInspectionsDto {
  measureCount: number;
  coveredMeasureCount: number;
  uncoveredMeasureNumbers: number[];
  feedbackProblems: ReportsCoverageInspectionsFeedbackProblemsDto[];
  total: number;
  closed: number;
  submitted: number;
  inProgress: number;
  pending: number;
  overdue: number;
  closureRate: number | null;
  id: string;
  title: string;
  inspectingBody: string | null;
}

export class ReportsCoverageInspectionsFeedbackProblemsDto {
  covered: boolean;
  total: number;
  closed: number;
  submitted: number;
  inProgress: number;
  pending: number;
  overdue: number;
  closureRate: number | null;
  id: string;
  inspectionId: string;
  code: string;
  category: string;
  description: string;
  measureNumbers: number[];
  uncoveredMeasureNumbers: number[];
  /** Every measure answering it is signed off (对账销号). */
  rectified: boolean;
}

export class ReportsCoverageMeasuresDto {
  inspectionId: string;
  id: string;
  planId: string;
  number: number;
  content: string;
  leadUnit: UnitRefDto | null;
  /** 对账销号; null while not signed off. */
  signoff: ReportsMeasureSignoffDto | null;
  status: MeasureStatus;
  statusLabel: string;
  feedbackProblems: ReportsMeasuresFeedbackProblemsDto[];
  total: number;
  closed: number;
  submitted: number;
  inProgress: number;
  pending: number;
  overdue: number;
  closureRate: number | null;
  covered: boolean;
}

export class ReportsTrendDto {
  period: string;
  day: string;
  total: number;
  closed: number;
  overdue: number;
  closureRate: number | null;
  onTimeRate: number | null;
  longTerm: OverviewLongTermDto;
}

export class ReportsSnapshotDto {
  day: string;
  units: number;
}

export class ReportBulletinDto {
  id: string;
  weekStart: string;
  weekEnd: string;
  title: string;
  summary: string;
  figures: Record<string, unknown>;
  delivered: number;
  createdAt: Date;
}
