import type { TaggedBody } from '../http-cache/entity-tag';

/** Ends a flight (only the first call counts): with the answer and its store, or without. */
export type SettleFlight = (answer?: TaggedBody, stored?: Promise<void>) => void;

/**
 * Single flight of cached responses in this process: concurrent misses of one entry at one
 * version wait for the first one's answer instead of each running the handler. The version is
 * part of a flight's name, so a request that starts after a write (which moved the version on)
 * never waits for an answer begun before it.
 */
export class ResponseFlights {
  private readonly running = new Map<string, Promise<TaggedBody | undefined>>();

  /** The answer being loaded under this name, if any; undefined from it: run the handler. */
  joining(flight: string): Promise<TaggedBody | undefined> | undefined {
    return this.running.get(flight);
  }

  /**
   * Starts a flight. Ended without an answer (an error, not a 200, a client gone), its waiters
   * run their own handler; with one, it keeps answering late arrivals until the body is in the
   * store: a request whose read missed before the store completed takes it here instead of
   * loading again.
   */
  lead(flight: string): SettleFlight {
    const settlers: ((answer: TaggedBody | undefined) => void)[] = [];
    const answer = new Promise<TaggedBody | undefined>((settle) => settlers.push(settle));
    this.running.set(flight, answer);
    const end = (): void => {
      if (this.running.get(flight) === answer) this.running.delete(flight);
    };
    let open = true;
    return (body, stored) => {
      if (!open) return;
      open = false;
      for (const settle of settlers) settle(body);
      if (body === undefined || stored === undefined) return end();
      // A turn later: a read answered in the same reply from Redis as the store (it was sent
      // before it, so it missed) has then found the flight and taken its body.
      const later = (): void => void setImmediate(end);
      void stored.then(later, later);
    };
  }
}
