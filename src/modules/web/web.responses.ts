/* Response bodies of this module's operations, as the OpenAPI document declares them (the Swagger
 * plugin reads the property types; see src/metadata.ts). Controllers declare them as return types. */
import type { PublicUserDto } from '../users/users.responses.js';

export class SessionLoginDto {
  user: PublicUserDto;
}
