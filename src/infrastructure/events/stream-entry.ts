import { EVENT_TYPES, type DomainEvent, type EventType, type TraceCarrier } from './domain-event';

/** A stream entry: its id and a flat [field, value, …] list (null once trimmed from the stream). */
export type StreamEntry = [id: string, fields: string[] | null];

/** The fields of an event's stream entry: its type (for people reading XRANGE) and the event. */
export function entryFields(event: DomainEvent): string[] {
  return ['type', event.type, 'event', JSON.stringify(event)];
}

export function fieldOf(fields: readonly string[], name: string): string | undefined {
  for (let i = 0; i + 1 < fields.length; i += 2) if (fields[i] === name) return fields[i + 1];
  return undefined;
}

const isStringList = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((item) => typeof item === 'string');

/** The entries in a reply of XREADGROUP/XAUTOCLAIM/XRANGE, checked rather than assumed. */
export function toEntries(value: unknown): StreamEntry[] {
  if (!Array.isArray(value)) return [];
  const entries: StreamEntry[] = [];
  for (const item of value) {
    if (!Array.isArray(item) || typeof item[0] !== 'string') continue;
    const fields: unknown = item[1];
    entries.push([item[0], isStringList(fields) ? fields : null]);
  }
  return entries;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isEventType = (value: unknown): value is EventType =>
  EVENT_TYPES.some((type) => type === value);

/** The event in an entry, or why it is not one (such an entry is dead-lettered at once). */
export function decodeEntry(fields: readonly string[]): DomainEvent | string {
  const json = fieldOf(fields, 'event');
  if (json === undefined) return 'entry has no "event" field';
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return 'entry\'s "event" field is not JSON';
  }
  if (!isRecord(value)) return 'event is not an object';
  const { id, type, occurredAt, payload, requestId, traceContext } = value;
  if (typeof id !== 'string' || typeof occurredAt !== 'string')
    return 'event lacks id or occurredAt';
  if (!isEventType(type)) return `unknown event type ${String(type)}`;
  if (!isRecord(payload)) return 'event lacks a payload';
  const carrier: TraceCarrier = {};
  if (isRecord(traceContext)) {
    for (const [key, header] of Object.entries(traceContext)) {
      if (typeof header === 'string') carrier[key] = header;
    }
  }
  return {
    id,
    type,
    occurredAt,
    // The stream is written only by our relay from our outbox: past the checks above, the
    // payload's shape is the one the catalogue gives its type.
    // oxlint-disable-next-line typescript/no-unsafe-type-assertion
    payload: payload as DomainEvent['payload'],
    requestId: typeof requestId === 'string' ? requestId : null,
    traceContext: carrier,
  };
}
