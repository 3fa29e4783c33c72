/* Response bodies of this module's operations, as the OpenAPI document declares them (the Swagger
 * plugin reads the property types; see src/metadata.ts). Controllers declare them as return types. */

export class ClueDto {
  id: string;
  inspectionId: string;
  unitId: string | null;
  findingId: string | null;
  summary: string;
  transferredTo: string;
  transferredOn: string;
  outcome: string | null;
  outcomeOn: string | null;
  createdById: string;
  createdAt: Date;
  updatedAt: Date;
}

export class CluePageDto {
  data: ClueDto[];
  total: number;
  page: number;
  pageSize: number;
}

export class RegistersCreateInterviewDto {
  id: string;
  unitId: string;
  itemIds: string[];
  date: string;
  interviewer: string;
  note: string;
  createdById: string;
  createdAt: Date;
  linkedEscalations: number;
}

export class InterviewDto {
  id: string;
  unitId: string;
  itemIds: string[];
  date: string;
  interviewer: string;
  note: string;
  createdById: string;
  createdAt: Date;
}

export class InterviewPageDto {
  data: InterviewDto[];
  total: number;
  page: number;
  pageSize: number;
}

export class AccountabilityRecordDto {
  id: string;
  unitId: string;
  itemIds: string[];
  subject: string;
  decision: string;
  decidedOn: string;
  createdById: string;
  createdAt: Date;
}

export class AccountabilityRecordPageDto {
  data: AccountabilityRecordDto[];
  total: number;
  page: number;
  pageSize: number;
}
