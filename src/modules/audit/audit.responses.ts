/* Response bodies of this module's operations, as the OpenAPI document declares them (the Swagger
 * plugin reads the property types; see src/metadata.ts). Controllers declare them as return types. */

export class AuditVerificationDto {
  intact: boolean;
  sealed: number;
  pending: number;
  head: AuditVerificationHeadDto | null;
  broken: AuditChainBreakDto | null;
  message: string;
}

export class AuditVerificationHeadDto {
  position: number;
  hash: string;
}

export class AuditChainBreakDto {
  position: number | null;
  entryId: string | null;
  problem: 'positions_missing' | 'link_broken' | 'entry_deleted' | 'content_changed' | 'seal_mismatch' | 'entry_not_in_chain';
  message: string;
}

export class AuditListItemDto {
  id: string;
  actorId: string | null;
  actorName: string;
  actorRole: string | null;
  action: string;
  entityType: string;
  entityId: string;
  subjectId: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  requestId: string | null;
  createdAt: Date;
  contentHash: string;
  actionLabel: string;
}

export class AuditListItemPageDto {
  data: AuditListItemDto[];
  total: number;
  page: number;
  pageSize: number;
}
