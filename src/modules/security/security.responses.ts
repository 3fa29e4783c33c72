/* Response bodies of this module's operations, as the OpenAPI document declares them (the Swagger
 * plugin reads the property types; see src/metadata.ts). Controllers declare them as return types. */

export class SecurityEventDto {
  id: string;
  kindLabel: string;
  kind: 'forbidden' | 'not_found_write' | 'unauthenticated_burst' | 'login_locked';
  at: Date;
  status: number;
  code: string | null;
  userId: string | null;
  username: string | null;
  ip: string;
  method: string;
  path: string;
  count: number;
}

export class SecurityEventPageDto {
  data: SecurityEventDto[];
  total: number;
  page: number;
  pageSize: number;
}
