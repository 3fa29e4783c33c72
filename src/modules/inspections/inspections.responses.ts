/* Response bodies of this module's operations, as the OpenAPI document declares them (the Swagger
 * plugin reads the property types; see src/metadata.ts). Controllers declare them as return types. */
import type { AuthMeUnitDto } from '../auth/auth.responses.js';

export class InspectionDto {
  id: string;
  kind: 'higher_level' | 'internal_round';
  title: string;
  inspectingBody: string | null;
  startDate: string;
  endDate: string;
  feedbackDate: string | null;
  planId: string | null;
  status: 'open' | 'closed';
  closedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export class InspectionsGetDto {
  feedbackProblems: FeedbackProblemDto[];
  batches: InspectionBatchDto[];
  groups: GroupDto[];
  plans: RectificationPlanDto[];
  id: string;
  kind: 'higher_level' | 'internal_round';
  title: string;
  inspectingBody: string | null;
  startDate: string;
  endDate: string;
  feedbackDate: string | null;
  planId: string | null;
  status: 'open' | 'closed';
  closedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export class FeedbackProblemDto {
  id: string;
  inspectionId: string;
  code: string;
  category: string;
  description: string;
  sortOrder: number;
}

export class InspectionBatchDto {
  id: string;
  inspectionId: string;
  number: number;
  startDate: string;
  endDate: string;
}

export class GroupDto {
  id: string;
  inspectionId: string;
  name: string;
  batchId: string | null;
  leader: GroupLeaderDto | null;
  members: GroupLeaderDto[];
  units: AuthMeUnitDto[];
}

export class GroupLeaderDto {
  id: string;
  displayName: string;
}

export class RectificationPlanDto {
  id: string;
  inspectionId: string;
  title: string;
  documentNo: string | null;
  issuedDate: string | null;
  createdAt: Date;
}
