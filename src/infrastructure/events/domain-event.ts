/**
 * The event catalogue: every event type and the payload it carries. Payloads hold ids and the
 * few fields a consumer needs without querying back (a consumer may run long after the fact).
 * Adding a type here is all a producer needs; README's "Events" table lists them.
 */
export interface EventPayloads {
  'user.registered': { userId: number; username: string; email: string };
  'user.followed': { followerId: number; followedId: number };
  'user.unfollowed': { followerId: number; followedId: number };
  'article.published': { articleId: number; slug: string; authorId: number; tagList: string[] };
  'article.updated': { articleId: number; slug: string; previousSlug: string };
  'article.deleted': { articleId: number; slug: string; authorId: number };
  'article.favorited': { articleId: number; slug: string; userId: number };
  'article.unfavorited': { articleId: number; slug: string; userId: number };
  'comment.created': { commentId: number; articleId: number; slug: string; authorId: number };
}

export type EventType = keyof EventPayloads;

export const EVENT_TYPES: readonly EventType[] = [
  'user.registered',
  'user.followed',
  'user.unfollowed',
  'article.published',
  'article.updated',
  'article.deleted',
  'article.favorited',
  'article.unfavorited',
  'comment.created',
];

/** W3C trace context headers (traceparent, tracestate) of the request that caused the event. */
export type TraceCarrier = Record<string, string>;

export interface DomainEvent<T extends EventType = EventType> {
  id: string;
  type: T;
  occurredAt: string;
  payload: EventPayloads[T];
  requestId: string | null;
  traceContext: TraceCarrier;
}

/** Narrows an event to one type, so a consumer reads its payload typed. */
export function isEvent<T extends EventType>(event: DomainEvent, type: T): event is DomainEvent<T> {
  return event.type === type;
}
