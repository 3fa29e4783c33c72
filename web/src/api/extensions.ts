import { api, unwrap, type Schemas } from './client';

export type ExtensionRow = Schemas['ExtensionsListDto'];

export const pendingExtensions = () => unwrap(api.GET('/api/v1/extensions', { params: { query: { status: 'pending' } } }));
export const decideExtension = (id: string, approve: boolean, comment?: string) =>
  unwrap(api.POST('/api/v1/extensions/{id}/decision', { params: { path: { id } }, body: { approve, comment } }));
