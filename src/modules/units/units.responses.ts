/* Response bodies of this module's operations, as the OpenAPI document declares them (the Swagger
 * plugin reads the property types; see src/metadata.ts). Controllers declare them as return types. */

export class UnitDto {
  aliases: string[];
  id: string;
  code: string;
  name: string;
  parentId: string | null;
  /** false: deactivated (停用) — kept with its history, takes nothing new. */
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
}
