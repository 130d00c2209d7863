import createClient, { type Client } from 'openapi-fetch';
import type { paths } from './schema';

export type { components, operations, paths } from './schema';

/** A client of the Conduit API whose paths, parameters, bodies and answers are typed. */
export type ConduitApiClient = Client<paths>;

/**
 * `baseUrl` is the server's origin (paths in the description start with /api). With a token,
 * every request carries `Authorization: Token <token>`.
 */
export function createConduitApiClient(baseUrl: string, token?: string): ConduitApiClient {
  return createClient<paths>({
    baseUrl,
    headers: token === undefined ? {} : { Authorization: `Token ${token}` },
  });
}
