import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The least a server must do with our tokens (HS256 JWTs from @nestjs/jwt, `sub` = user id):
 * check the algorithm, the signature and the expiry. Written out with node:crypto, as a bare
 * server would, so that signed-in reads cost the ceiling what they must cost anyone.
 */

const AUTHORIZATION = /^(?:Token|Bearer) +(\S+)$/i;

function decodeJson(part: string): unknown {
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
}

export interface TokenSubject {
  userId: number;
  /** The `ver` claim: the user's token version when it was issued (0 when absent). */
  tokenVersion: number;
  /** The `sid` claim: the session it was issued in. */
  sessionId: string | undefined;
}

/** Whom a valid, unexpired token in the Authorization header names; undefined otherwise. */
export function verifiedSubject(authorization: string, secret: Buffer): TokenSubject | undefined {
  const token = AUTHORIZATION.exec(authorization)?.[1];
  const parts = token?.split('.');
  if (parts?.length !== 3) return undefined;
  const [header, payload, signature] = parts;
  const expected = createHmac('sha256', secret).update(`${header}.${payload}`).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  try {
    const head = decodeJson(header);
    const claims = decodeJson(payload);
    if (typeof head !== 'object' || head === null || !('alg' in head) || head.alg !== 'HS256')
      return undefined;
    if (typeof claims !== 'object' || claims === null || !('sub' in claims)) return undefined;
    if ('exp' in claims && typeof claims.exp === 'number' && claims.exp * 1000 <= Date.now())
      return undefined;
    const userId = Number(claims.sub);
    const tokenVersion = 'ver' in claims && typeof claims.ver === 'number' ? claims.ver : 0;
    const sessionId = 'sid' in claims && typeof claims.sid === 'string' ? claims.sid : undefined;
    return Number.isSafeInteger(userId) && userId > 0
      ? { userId, tokenVersion, sessionId }
      : undefined;
  } catch {
    return undefined;
  }
}
