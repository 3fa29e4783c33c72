import type { Role } from './roles.js';

/** Who is acting, carried from the controller into services and the audit trail. */
export interface Actor {
  id: string;
  username: string;
  role: Role;
  unitId: string | null;
  requestId?: string;
}

/** Background jobs act as the system. */
export const SYSTEM_ACTOR: Actor = { id: '00000000-0000-0000-0000-000000000000', username: 'system', role: 'admin', unitId: null };
