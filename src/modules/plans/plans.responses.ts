/* Response bodies of this module's operations, as the OpenAPI document declares them (the Swagger
 * plugin reads the property types; see src/metadata.ts). Controllers declare them as return types. */
import type { InspectionDto } from '../inspections/inspections.responses.js';
import type { ImportProblemDto } from '../findings/ledger/ledger.responses.js';
import type { UnitRefDto } from '../reports/reports.responses.js';
import type { MeasureStatus } from './measure-status.js';

export class PlansGetDto {
  measureCount: number;
  id: string;
  inspectionId: string;
  inspection?: InspectionDto;
  title: string;
  documentNo: string | null;
  issuedDate: string | null;
  createdAt: Date;
}

export class MeasureDto {
  id: string;
  planId: string;
  number: number;
  content: string;
  responsibleLeader: string | null;
  leadDepartment: string | null;
  cooperatingDepartments: string | null;
  deadline: string | null;
  /** 方案原文的完成时限表述（如“2019年9月底前”）；巡察办改过完成时限后为 null，以 deadline 为准 */
  deadlineText: string | null;
  rectificationType: string;
  /** 立行立改 */
  immediate: boolean;
  /** 长期坚持 */
  longTerm: boolean;
  /** The lead unit; null when none, or (for a unit) when it is not one of the caller's. */
  leadUnitId: string | null;
  cooperatingUnits: UnitRefDto[];
  feedbackProblems: MeasureFeedbackProblemsDto[];
  findingCount: number;
  itemCount: number;
  status: MeasureStatus;
  statusLabel: string;
  /** 对账销号 */
  signedOffAt: Date | null;
  /** Only in the answer to creating a measure. */
  signedOffById?: string | null;
  signoffStatement: string | null;
}

export class MeasureFeedbackProblemsDto {
  id: string;
  code: string;
  category: string;
  description: string;
}

export class PlanImportResultDto {
  dryRun: boolean;
  feedbackProblems: number;
  createdFeedbackProblems: number;
  measures: number;
  warnings: ImportProblemDto[];
  warningCount: number;
  preview?: PlanImportPreviewDto;
}

export class PlanImportPreviewDto {
  feedbackProblems: PlanImportPreviewFeedbackProblemsDto[];
  measures: PlanImportPreviewMeasuresDto[];
}

export class PlanImportPreviewFeedbackProblemsDto {
  code: string;
  category: string;
  description: string;
  row: number;
  exists: boolean;
}

export class PlanImportPreviewMeasuresDto {
  number: number;
  row: number;
  content: string;
  responsibleLeader: string | null;
  leadDepartment: string | null;
  cooperatingDepartments: string | null;
  deadline: string | null;
  /** 方案原文的完成时限表述（如“2019年9月底前”）；巡察办改过完成时限后为 null，以 deadline 为准 */
  deadlineText: string | null;
  rectificationType: 'immediate' | 'time_limited' | 'long_term';
  immediate: boolean;
  problemCodes: string[];
  /** The unit the 牵头部门 text names (by name or alias), null when none matches (a warning says so). */
  leadUnitId: string | null;
  cooperatingUnitIds: string[];
}
