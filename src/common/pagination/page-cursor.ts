import { INT4_MAX } from '../validation/int4';

/**
 * Where a keyset page starts: after the article with this creation time and id, in the lists'
 * order (newest first, id breaking ties). Opaque to clients: base64url of a small JSON.
 */
export interface PagePosition {
  createdAt: string;
  id: number;
}

const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export function encodeCursor(position: PagePosition): string {
  return Buffer.from(JSON.stringify({ t: position.createdAt, i: position.id })).toString(
    'base64url',
  );
}

/** The position a cursor names; undefined for anything we did not write. */
export function decodeCursor(cursor: string): PagePosition | undefined {
  if (!/^[\w-]{1,200}$/.test(cursor)) return undefined;
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof decoded !== 'object' || decoded === null) return undefined;
  const createdAt: unknown = Reflect.get(decoded, 't');
  const id: unknown = Reflect.get(decoded, 'i');
  if (typeof createdAt !== 'string' || !ISO_TIMESTAMP.test(createdAt)) return undefined;
  if (Number.isNaN(Date.parse(createdAt))) return undefined;
  if (typeof id !== 'number' || !Number.isInteger(id) || id < 1 || id > INT4_MAX) return undefined;
  return { createdAt, id };
}
