/* Response bodies of this module's operations, as the OpenAPI document declares them (the Swagger
 * plugin reads the property types; see src/metadata.ts). Controllers declare them as return types. */

export class LedgerImportResultDto {
  dryRun: boolean;
  findings: number;
  items: number;
  closedItems: number;
  warnings: ImportProblemDto[];
  warningCount: number;
}

export class ImportProblemDto {
  row: number;
  column: string;
  message: string;
}
