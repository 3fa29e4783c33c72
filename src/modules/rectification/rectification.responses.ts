/* Response bodies of this module's operations, as the OpenAPI document declares them (the Swagger
 * plugin reads the property types; see src/metadata.ts). Controllers declare them as return types. */
import type { GroupLeaderDto, InspectionBatchDto, InspectionDto } from '../inspections/inspections.responses.js';
import type { AuthMeUnitDto } from '../auth/auth.responses.js';

import type { ItemStatus } from './item-lifecycle.js';

export class ItemDto {
  measureId: string | null;
  unitPlanId: string | null;
  owner: GroupLeaderDto | null;
  unit: AuthMeUnitDto | null;
  overdue: boolean;
  daysOverdue: number;
  daysLeft: number | null;
  light: 'red' | 'yellow' | 'green' | 'late';
  lightLabel: string;
  closedLate: boolean;
  submittedLate: boolean;
  late: 'lateSubmitted' | 'lateClosed' | null;
  lateLabel: string | null;
  statusLabel: string;
  id: string;
  findingId: string | null;
  title: string;
  actions: string | null;
  responsibleUnitId: string;
  ownerId: string | null;
  responsibleLeader: string | null;
  /** 建章立制类事项 */
  institutional: boolean;
  deadline: string;
  originalDeadline: string;
  deadlineVersion: number;
  rectificationType: 'immediate' | 'time_limited' | 'long_term';
  status: ItemStatus;
  escalationLevel: number;
  progressPercent: number;
  submittedAt: Date | null;
  submittedById: string | null;
  closedAt: Date | null;
  closedOn: string | null;
  createdById: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** A row of the items list: the item, and whether it was returned, why, and its finding. */
export class ItemListEntryDto extends ItemDto {
  returned?: boolean;
  latestReturn?: ItemReturnDto | null;
  finding?: ItemFindingSummaryDto | null;
  measure?: ItemMeasureSummaryDto | null;
}

export class ItemMeasureSummaryDto {
  id: string;
  planId?: string;
  number: number;
  content: string;
}

export class ItemFindingSummaryDto {
  id: string;
  category: string;
  description: string;
}

export class ItemPageDto {
  data: ItemListEntryDto[];
  total: number;
  page: number;
  pageSize: number;
}

export class ItemDetailDto {
  measureId: string | null;
  unitPlanId: string | null;
  measure?: ItemMeasureSummaryDto | null;
  returned: boolean;
  latestReturn: ItemReturnDto | null;
  finding: ItemFindingDto | null;
  availableActions: ('start' | 'submit' | 'approve' | 'reject' | 'reopen')[];
  canWork: boolean;
  progress: ProgressUpdateDto[];
  evidence: EvidenceEntryDto[];
  extensions: ExtensionRequestDto[];
  owner: GroupLeaderDto | null;
  unit: AuthMeUnitDto | null;
  overdue: boolean;
  daysOverdue: number;
  daysLeft: number | null;
  light: 'red' | 'yellow' | 'green' | 'late';
  lightLabel: string;
  closedLate: boolean;
  submittedLate: boolean;
  late: 'lateSubmitted' | 'lateClosed' | null;
  lateLabel: string | null;
  statusLabel: string;
  id: string;
  findingId: string | null;
  title: string;
  actions: string | null;
  responsibleUnitId: string;
  ownerId: string | null;
  responsibleLeader: string | null;
  /** 建章立制类事项 */
  institutional: boolean;
  deadline: string;
  originalDeadline: string;
  deadlineVersion: number;
  rectificationType: 'immediate' | 'time_limited' | 'long_term';
  status: ItemStatus;
  escalationLevel: number;
  progressPercent: number;
  submittedAt: Date | null;
  submittedById: string | null;
  closedAt: Date | null;
  closedOn: string | null;
  createdById: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export class ItemReturnDto {
  reason: string;
  at: Date;
  by: ItemsGetLatestReturnByDto;
}

export class ItemsGetLatestReturnByDto {
  id: string | null;
  name: string;
}

export class ItemFindingDto {
  id: string;
  inspectionId: string;
  unitId: string;
  batchId: string | null;
  groupId: string | null;
  category: string;
  description: string;
}

export class ProgressUpdateDto {
  id: string;
  itemId: string;
  authorId: string | null;
  note: string;
  percent: number | null;
  createdAt: Date;
}

export class EvidenceFileDto {
  id: string;
  itemId: string;
  uploaderId: string | null;
  originalName: string;
  storedName: string;
  mimeType: string;
  size: string;
  sha256: string;
  createdAt: Date;
}

/** An evidence file as the item page lists it. */
export class EvidenceEntryDto extends EvidenceFileDto {
  /** The caller may delete this file now (DELETE /items/:id/evidence/:evidenceId would be accepted). */
  canDelete: boolean;
}

export class ExtensionRequestDto {
  id: string;
  itemId: string;
  requestedById: string;
  currentDeadline: string;
  newDeadline: string;
  reason: string;
  status: 'pending' | 'approved' | 'rejected';
  decidedById: string | null;
  decidedAt: Date | null;
  comment: string | null;
  createdAt: Date;
}

export class ProgressRowDto {
  id: string;
  createdAt: string;
  itemId: string;
  authorId: string;
  note: string;
  percent: number | null;
}

export class ItemsTraceDto {
  item: ItemDto;
  finding: ItemsTraceFindingDto | null;
  inspection: InspectionDto | null;
  batch: InspectionBatchDto | null;
  group: ItemsTraceGroupDto | null;
  unit: AuthMeUnitDto | null;
  findingUnit: AuthMeUnitDto | null;
  measures: TraceMeasureDto[];
}

export class ItemsTraceFindingDto {
  id: string;
  category: string;
  description: string;
  severity: 'minor' | 'general' | 'serious';
  unitId: string;
  createdAt: Date;
}

export class ItemsTraceGroupDto {
  id: string;
  name: string;
  batchId: string | null;
  leaderId: string | null;
}

export class TraceMeasureDto {
  id: string;
  number: number;
  content: string;
  planId: string;
  rectificationType: string;
  deadline: string | null;
  /** 方案原文的完成时限表述；巡察办改过完成时限后为 null，以 deadline 为准 */
  deadlineText: string | null;
  feedbackProblems: TraceFeedbackProblemDto[];
}

export class TraceFeedbackProblemDto {
  id: string;
  code: string;
  category: string;
  description: string;
  inspection: TraceFeedbackProblemInspectionDto;
}

export class TraceFeedbackProblemInspectionDto {
  id: string;
  title: string;
  inspectingBody: string | null;
  kind: string;
}

export class ItemsHistoryDto {
  id: string;
  at: Date;
  actor: ItemsHistoryActorDto;
  action: string;
  actionLabel: string;
  entityType: string;
  entityId: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

export class ItemsHistoryActorDto {
  id: string | null;
  username: string;
  role: string | null;
}

export class ExtensionsListDto {
  item: ExtensionsListItemDto | null;
  id: string;
  itemId: string;
  requestedById: string;
  currentDeadline: string;
  newDeadline: string;
  reason: string;
  status: 'pending' | 'approved' | 'rejected';
  decidedById: string | null;
  decidedAt: Date | null;
  comment: string | null;
  createdAt: Date;
}

export class ExtensionsListItemDto {
  id: string;
  title: string;
  status: ItemStatus;
  deadline: string;
  originalDeadline: string;
  responsibleUnitId: string;
}
