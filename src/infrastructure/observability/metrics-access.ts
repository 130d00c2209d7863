import { timingSafeEqual } from 'node:crypto';

/** True when no token is configured, or the Authorization header carries it as a bearer token. */
export function mayReadMetrics(
  token: string | undefined,
  authorization: string | undefined,
): boolean {
  if (token === undefined) return true;
  const expected = Buffer.from(`Bearer ${token}`);
  const given = Buffer.from(authorization ?? '');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
