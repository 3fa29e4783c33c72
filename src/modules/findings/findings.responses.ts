/* Response bodies of this module's operations, as the OpenAPI document declares them (the Swagger
 * plugin reads the property types; see src/metadata.ts). Controllers declare them as return types. */
import type { AuthMeUnitDto } from '../auth/auth.responses.js';

export class FindingCategoryDto {
  parentId?: string | null;
  path?: string;
  id: string;
  name: string;
  sortOrder: number;
  active: boolean;
}

export class FindingDto {
  categoryId?: string | null;
  id: string;
  inspectionId: string;
  unitId: string;
  groupId: string | null;
  batchId: string | null;
  category: string;
  description: string;
  severity: string;
  createdById: string | null;
  createdAt: Date;
  updatedAt: Date;
  unit: AuthMeUnitDto | null;
  group: FindingGroupDto | null;
  batch: FindingBatchDto | null;
  measures: FindingMeasuresDto[];
  /** 问题线索移交 — null when not referred, and always null for unit users. */
  clueReferral?: FindingClueReferralDto | null;
}

export class FindingClueReferralDto {
  note: string;
  at: Date;
  by?: FindingReferrerDto | null;
}

export class FindingReferrerDto {
  id: string;
  displayName: string;
}

export class FindingGroupDto {
  id: string;
  name: string;
}

export class FindingBatchDto {
  id: string;
  number: number;
}

export class FindingMeasuresDto {
  id: string;
  number: number;
  content: string;
}

export class FindingPageDto {
  data: FindingDto[];
  total: number;
  page: number;
  pageSize: number;
}
