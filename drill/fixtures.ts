import { send, type DrillResponse } from './http-client';
import { valueAt } from './json-path';

export interface DrillUser {
  username: string;
  token: string;
}

export interface Fixtures {
  users: DrillUser[];
  /** Articles that exist for the whole drill (never deleted): reads and comments go to them. */
  slugs: string[];
}

/**
 * Loopback addresses the load comes from, one client each to the rate limiter: 40 of them keep
 * a 200 req/s load at 50 requests per client per 10 s window, far below THROTTLE_LIMIT.
 */
export const LOAD_ADDRESSES = Array.from({ length: 40 }, (_, index) => `127.0.1.${index + 1}`);

export function pick<T>(items: readonly T[], seed: number): T {
  return items[seed % items.length];
}

export function expectStatus(response: DrillResponse, status: number, what: string): void {
  if (response.status !== status) {
    throw new Error(
      `${what}: expected ${status}, got ${response.status} ${response.error ?? JSON.stringify(response.body)}`,
    );
  }
}

export function articleSlug(response: DrillResponse): string {
  const slug = valueAt(response.body, 'article', 'slug');
  if (typeof slug !== 'string') throw new Error(`no article in ${JSON.stringify(response.body)}`);
  return slug;
}

export async function registerUser(
  baseUrl: string,
  username: string,
  from: string,
): Promise<DrillUser> {
  const response = await send(baseUrl, {
    method: 'POST',
    path: '/api/users',
    from,
    body: {
      user: { username, email: `${username}@drill.example.com`, password: 'drill-password-1' },
    },
  });
  expectStatus(response, 201, `registering ${username}`);
  const token = valueAt(response.body, 'user', 'token');
  if (typeof token !== 'string') throw new Error(`no token for ${username}`);
  return { username, token };
}

export function articleBody(title: string): unknown {
  return {
    article: {
      title,
      description: 'written by the scale-out drill',
      body: 'The drill checks that every acknowledged write exists exactly once.',
      tagList: ['drill'],
    },
  };
}

/** Users and articles through the load balancer, before any scenario. */
export async function createFixtures(baseUrl: string, runId: string): Promise<Fixtures> {
  const users = await Promise.all(
    Array.from({ length: 20 }, (_, index) =>
      registerUser(baseUrl, `drill${runId}u${index}`, pick(LOAD_ADDRESSES, index)),
    ),
  );
  const slugs: string[] = [];
  for (let index = 0; index < 20; index++) {
    const response = await send(baseUrl, {
      method: 'POST',
      path: '/api/articles',
      token: pick(users, index).token,
      from: pick(LOAD_ADDRESSES, index),
      body: articleBody(`drill ${runId} fixture ${index}`),
    });
    expectStatus(response, 201, 'creating a fixture article');
    slugs.push(articleSlug(response));
  }
  return { users, slugs };
}
