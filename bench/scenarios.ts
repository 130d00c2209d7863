import type { HttpMethod } from './load/protocol';

/**
 * The scenarios of `npm run bench`, in the order they run. Each one says what it requests;
 * the suite (run-suite.ts) provides the data (fixtures.ts), the preparation and the measuring.
 */

/** The data the scenarios request, found in the seeded database and through the API. */
export interface ScenarioData {
  /** Requested over and over: cached after the first request. */
  hotSlugs: readonly string[];
  /** Never requested before their scenario, each once. */
  coldSlugs: readonly string[];
  /** Favorited once each by the writer. */
  favoriteSlugs: readonly string[];
  /** A seeded user who follows the most people: the signed-in reader. */
  readerToken: string;
  /** A user registered for this run: what it writes is deleted afterwards. */
  writerToken: string;
  topTag: string;
  /** The seeded user with the most favorites, and the one with the most articles. */
  topFavoriter: string;
  topAuthor: string;
  deepOffset: number;
  /** The cursor of page 5,000 of the list (fixtures.ts, deepCursor). */
  deepCursor: string;
  /** The current ETag of the first hot slug's anonymous answer. */
  hotEntityTag: string;
  loginEmail: string;
  loginPassword: string;
  runId: string;
}

export interface RequestPlan {
  method: HttpMethod;
  paths: string[];
  headers: Record<string, string>;
  /** `{n}` is replaced by a number unique within the run of the scenario. */
  body?: string;
}

/** Which --*-connections flag sets the scenario's concurrency. */
export type ConnectionClass = 'read' | 'signed-in' | 'write';

export interface Scenario {
  name: string;
  description: string;
  /** Reads are also run against the ceiling, for the ratios. */
  againstCeiling: boolean;
  connections: ConnectionClass;
  /** Each path requested at most once: no warm-up, and the run ends when they run out. */
  once: boolean;
  /** What to do before the measured run, on each server. */
  prepare?: 'flush-cache' | 'populate-ceiling-cache';
  plan: (data: ScenarioData) => RequestPlan;
}

const JSON_HEADERS = { 'content-type': 'application/json' };
const signedIn = (token: string) => ({ authorization: `Token ${token}` });

/** GET /api/articles with these query parameters (in this order). */
export function listPath(query: Record<string, string | number>): string {
  const search = new URLSearchParams(
    Object.entries(query).map(([key, value]) => [key, String(value)]),
  ).toString();
  return search === '' ? '/api/articles' : `/api/articles?${search}`;
}

const get = (paths: string[], headers: Record<string, string> = {}): RequestPlan => ({
  method: 'GET',
  paths,
  headers,
});

const articlePaths = (slugs: readonly string[]): string[] =>
  slugs.map((slug) => `/api/articles/${encodeURIComponent(slug)}`);

export const SCENARIOS: readonly Scenario[] = [
  {
    name: 'by-slug-cached',
    description: 'GET /api/articles/:slug, anonymous, over a hot set of slugs (cache hits)',
    againstCeiling: true,
    connections: 'read',
    once: false,
    prepare: 'populate-ceiling-cache',
    plan: (data) => get(articlePaths(data.hotSlugs)),
  },
  {
    name: 'by-slug-uncached',
    description: 'GET /api/articles/:slug, anonymous, each slug once after a cache flush (misses)',
    againstCeiling: true,
    connections: 'read',
    once: true,
    prepare: 'flush-cache',
    plan: (data) => get(articlePaths(data.coldSlugs)),
  },
  {
    name: 'by-slug-signed-in',
    description:
      'GET /api/articles/:slug signed in, hot set (cached article + favorited/following)',
    againstCeiling: true,
    connections: 'read',
    once: false,
    plan: (data) => get(articlePaths(data.hotSlugs), signedIn(data.readerToken)),
  },
  {
    name: 'list-anonymous',
    description: 'GET /api/articles, anonymous (cached response)',
    againstCeiling: true,
    connections: 'read',
    once: false,
    plan: () => get([listPath({})]),
  },
  {
    name: 'list-signed-in',
    description: 'GET /api/articles signed in (page, count, flags)',
    againstCeiling: true,
    connections: 'signed-in',
    once: false,
    plan: (data) => get([listPath({})], signedIn(data.readerToken)),
  },
  {
    name: 'by-tag',
    description: 'GET /api/articles?tag=<most used tag>, signed in',
    againstCeiling: true,
    connections: 'signed-in',
    once: false,
    plan: (data) => get([listPath({ tag: data.topTag })], signedIn(data.readerToken)),
  },
  {
    name: 'by-favorited',
    description: 'GET /api/articles?favorited=<user with most favorites>, signed in',
    againstCeiling: true,
    connections: 'signed-in',
    once: false,
    plan: (data) => get([listPath({ favorited: data.topFavoriter })], signedIn(data.readerToken)),
  },
  {
    name: 'by-author',
    description: 'GET /api/articles?author=<user with most articles>, signed in',
    againstCeiling: true,
    connections: 'signed-in',
    once: false,
    plan: (data) => get([listPath({ author: data.topAuthor })], signedIn(data.readerToken)),
  },
  {
    name: 'feed',
    description: 'GET /api/articles/feed, signed in as the user who follows the most',
    againstCeiling: true,
    connections: 'signed-in',
    once: false,
    plan: (data) => get(['/api/articles/feed'], signedIn(data.readerToken)),
  },
  {
    name: 'deep-offset',
    description: 'GET /api/articles?offset=<deepest allowed>, signed in',
    againstCeiling: true,
    connections: 'signed-in',
    once: false,
    plan: (data) => get([listPath({ offset: data.deepOffset })], signedIn(data.readerToken)),
  },
  {
    name: 'deep-cursor',
    description: 'GET /api/articles?cursor=<page 5,000>, signed in (keyset: reads only the page)',
    againstCeiling: false,
    connections: 'signed-in',
    once: false,
    plan: (data) => get([listPath({ cursor: data.deepCursor })], signedIn(data.readerToken)),
  },
  {
    name: 'by-slug-304',
    description: 'GET /api/articles/:slug, anonymous, If-None-Match current: 304 from the cache',
    againstCeiling: false,
    connections: 'read',
    once: false,
    plan: (data) =>
      get(articlePaths(data.hotSlugs.slice(0, 1)), { 'if-none-match': data.hotEntityTag }),
  },
  {
    name: 'tags',
    description: 'GET /api/tags (cached)',
    againstCeiling: true,
    connections: 'read',
    once: false,
    plan: () => get(['/api/tags']),
  },
  {
    name: 'post-article',
    description: 'POST /api/articles, a new title each time, one tag',
    againstCeiling: false,
    connections: 'write',
    once: false,
    plan: (data) => ({
      method: 'POST',
      paths: ['/api/articles'],
      headers: { ...JSON_HEADERS, ...signedIn(data.writerToken) },
      body: JSON.stringify({
        article: {
          title: `Bench ${data.runId} article {n}`,
          description: 'Written by npm run bench',
          body: 'A benchmark article. It is deleted when the run ends.',
          tagList: [data.topTag],
        },
      }),
    }),
  },
  {
    name: 'favorite',
    description: 'POST /api/articles/:slug/favorite, a different article each time',
    againstCeiling: false,
    connections: 'write',
    once: true,
    plan: (data) => ({
      method: 'POST',
      paths: articlePaths(data.favoriteSlugs).map((path) => `${path}/favorite`),
      headers: signedIn(data.writerToken),
    }),
  },
  {
    name: 'login',
    description: 'POST /api/users/login (argon2id verification: bound by the hash on purpose)',
    againstCeiling: false,
    connections: 'write',
    once: false,
    plan: (data) => ({
      method: 'POST',
      paths: ['/api/users/login'],
      headers: JSON_HEADERS,
      body: JSON.stringify({ user: { email: data.loginEmail, password: data.loginPassword } }),
    }),
  },
];

export const SCENARIO_NAMES: readonly string[] = SCENARIOS.map((scenario) => scenario.name);
