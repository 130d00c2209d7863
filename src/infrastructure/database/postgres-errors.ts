import { QueryFailedError } from 'typeorm';

const UNIQUE_VIOLATION = '23505';

/** The name of the unique constraint a failed statement violated, if that is why it failed. */
export function violatedUniqueConstraint(error: unknown): string | undefined {
  if (!(error instanceof QueryFailedError)) return undefined;
  const driverError: unknown = error.driverError;
  if (typeof driverError !== 'object' || driverError === null) return undefined;
  const { code, constraint } = driverError as { code?: unknown; constraint?: unknown };
  return code === UNIQUE_VIOLATION && typeof constraint === 'string' ? constraint : undefined;
}

/** Why the database could not serve a statement now, though it may a moment later. */
export type Unavailability = 'overloaded' | 'unreachable';

/**
 * SQLSTATEs of a busy server: statement timeout or cancel, too many connections, no slot, and a
 * transaction that lost a deadlock or a serialisation conflict (worth retrying).
 */
const OVERLOADED_CODES = new Set(['57014', '53300', '53400', '40P01', '40001']);
/** SQLSTATEs of a server going away or not taking connections (class 08: connection exception). */
const UNREACHABLE_CODES = new Set(['57P01', '57P02', '57P03']);
/** Socket errors of a connection that could not be made or was lost. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH']);

function codeOf(error: unknown): unknown {
  const source: unknown = error instanceof QueryFailedError ? error.driverError : error;
  return typeof source === 'object' && source !== null && 'code' in source
    ? source.code
    : undefined;
}

/**
 * Whether `error` says the database is busy (a statement timed out, the pool had no connection
 * free within DB_CONNECT_TIMEOUT_MS) or unreachable: a 503 with Retry-After for the client, not
 * a 500, since nothing is wrong with its request.
 */
export function unavailability(error: unknown): Unavailability | undefined {
  const code = codeOf(error);
  if (typeof code === 'string') {
    if (OVERLOADED_CODES.has(code)) return 'overloaded';
    if (UNREACHABLE_CODES.has(code) || code.startsWith('08') || NETWORK_CODES.has(code)) {
      return 'unreachable';
    }
  }
  if (!(error instanceof Error)) return undefined;
  // pg-pool's and pg's own messages, which carry no code.
  if (error.message.includes('timeout exceeded when trying to connect')) return 'overloaded';
  if (/Connection terminated|Connection refused|connect ECONNREFUSED/.test(error.message)) {
    return 'unreachable';
  }
  return undefined;
}
