/* Response bodies of this module's operations, as the OpenAPI document declares them (the Swagger
 * plugin reads the property types; see src/metadata.ts). Controllers declare them as return types. */

export class PublicUserDto {
  id: string;
  username: string;
  displayName: string;
  role: 'admin' | 'office' | 'leadership' | 'inspector' | 'unit_manager' | 'unit_staff';
  unitId: string | null;
  email: string | null;
  phone: string | null;
  active: boolean;
  mustChangePassword: boolean;
}
