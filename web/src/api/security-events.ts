import { api, unwrap, type Schemas } from './client';
import type { paths } from './schema';

export type SecurityEvent = Schemas['SecurityEventDto'];
export type SecurityEventQuery = NonNullable<paths['/api/v1/security-events']['get']['parameters']['query']>;

export const listSecurityEvents = (query: SecurityEventQuery) => unwrap(api.GET('/api/v1/security-events', { params: { query } }));
