/* Response bodies of this module's operations, as the OpenAPI document declares them (the Swagger
 * plugin reads the property types; see src/metadata.ts). Controllers declare them as return types. */
import type { PublicUserDto } from '../users/users.responses.js';

export class SessionDto {
  accessToken: string;
  user: PublicUserDto;
}

export class AuthMeDto {
  id: string;
  username: string;
  displayName: string;
  role: 'admin' | 'office' | 'leadership' | 'inspector' | 'unit_manager' | 'unit_staff';
  unitId: string | null;
  email: string | null;
  phone: string | null;
  active: boolean;
  mustChangePassword: boolean;
  unit: AuthMeUnitDto | null;
}

export class AuthMeUnitDto {
  id: string;
  code: string;
  name: string;
}
