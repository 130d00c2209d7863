import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request, { type Response, type Test } from 'supertest';
import type { ArticleView } from '../../src/modules/articles/article-view';
import type { ArticlePage } from '../../src/modules/articles/articles.service';
import type { CommentView } from '../../src/modules/comments/comment-view';
import type { ProfileView } from '../../src/modules/profiles/profile-view';
import type { UserView } from '../../src/modules/users/user-view';
import { startTestApp } from './test-app';

/**
 * Shared helpers for the Conduit e2e suites: typed response bodies, unique names, and a
 * small client over supertest that registers users and creates articles and comments.
 * Every suite shares one database and runs in parallel with the others, so every name a
 * test creates comes from uniqueName().
 */

/** ISO-8601 in UTC with milliseconds, as every timestamp of the API is written. */
export const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

// The views are the API's own types: a test that drifts from them fails to compile.
export type { ArticleView } from '../../src/modules/articles/article-view';
export type { CommentView } from '../../src/modules/comments/comment-view';
export type { ProfileView } from '../../src/modules/profiles/profile-view';
export type { UserView } from '../../src/modules/users/user-view';

export interface UserResponse {
  user: UserView;
}

export interface ProfileResponse {
  profile: ProfileView;
}

export interface ArticleResponse {
  article: ArticleView;
}

/** `{articles, articlesCount}`, as ArticlesService.list returns it. */
export type ArticleListResponse = ArticlePage;

export interface CommentResponse {
  comment: CommentView;
}

export interface CommentListResponse {
  comments: CommentView[];
}

export interface TagsResponse {
  tags: string[];
}

export interface ErrorResponse {
  errors: Record<string, string[]>;
}

/** A registered user and what it takes to act as them. */
export interface TestUser {
  username: string;
  email: string;
  password: string;
  token: string;
}

export interface ArticleInput {
  title?: string;
  description?: string;
  body?: string;
  tagList?: string[];
}

export const DEFAULT_PASSWORD = 'password123';

let counter = 0;

/**
 * A name no other test (in this worker or another) uses: prefix, time, process and a
 * counter. Letters, digits and `_` only, so it is a valid username and email local part.
 */
export function uniqueName(prefix: string): string {
  counter += 1;
  return `${prefix}_${Date.now().toString(36)}_${process.pid.toString(36)}_${counter}`;
}

/** `Authorization: Token <jwt>`, the RealWorld scheme. */
export function tokenAuth(token: string): string {
  return `Token ${token}`;
}

/** `Authorization: Bearer <jwt>`, also accepted. */
export function bearerAuth(token: string): string {
  return `Bearer ${token}`;
}

/** A supertest response whose JSON body has the shape `T` (the caller says which). */
export type ResponseWith<T> = Response & { body: T };

/** The parsed JSON body, typed by the caller: `bodyOf<UserResponse>(response).user`. */
export function bodyOf<T>(response: ResponseWith<T>): T {
  return response.body;
}

/**
 * Asserts the status; on a mismatch the failure shows the response body as well, which
 * says far more than the status alone.
 */
export function expectStatus(response: Response, status: number): void {
  expect({ status: response.status, body: response.body as unknown }).toEqual({
    status,
    body: response.body as unknown,
  });
}

/**
 * Asserts an error response: its status and exactly `{"errors": {...}, "requestId": "<id>"}`,
 * where the id is the one the X-Request-Id response header carries.
 */
export function expectErrors(
  response: Response,
  status: number,
  errors: Record<string, string[]>,
): void {
  const requestId: unknown = response.headers['x-request-id'];
  expect(typeof requestId).toBe('string');
  expect({ status: response.status, body: response.body as unknown }).toEqual({
    status,
    body: { errors, requestId },
  });
}

/** Asserts a 422 whose errors include `message` for `field` (other fields may be reported too). */
export function expectFieldError(response: Response, field: string, message: string): void {
  expectStatus(response, 422);
  const { errors } = bodyOf<ErrorResponse>(response);
  expect(errors[field]).toContain(message);
}

function withAuth(test: Test, token: string | undefined): Test {
  return token === undefined ? test : test.set('Authorization', tokenAuth(token));
}

/** A thin client over the real application; `token` (optional) is sent as `Token <jwt>`. */
export class ConduitClient {
  constructor(private readonly app: NestFastifyApplication) {}

  get(path: string, token?: string): Test {
    return withAuth(request(this.app.getHttpServer()).get(path), token);
  }

  post(path: string, body?: object, token?: string): Test {
    const test = withAuth(request(this.app.getHttpServer()).post(path), token);
    return body === undefined ? test : test.send(body);
  }

  put(path: string, body?: object, token?: string): Test {
    const test = withAuth(request(this.app.getHttpServer()).put(path), token);
    return body === undefined ? test : test.send(body);
  }

  delete(path: string, token?: string): Test {
    return withAuth(request(this.app.getHttpServer()).delete(path), token);
  }

  /** Registers a user with a unique username and email; returns its credentials and token. */
  async register(prefix = 'user'): Promise<TestUser> {
    const username = uniqueName(prefix);
    const email = `${username}@example.com`;
    const password = DEFAULT_PASSWORD;
    const response = await this.post('/api/users', { user: { username, email, password } });
    if (response.status !== 201) {
      throw new Error(`register ${username}: ${response.status} ${JSON.stringify(response.body)}`);
    }
    return { username, email, password, token: bodyOf<UserResponse>(response).user.token };
  }

  /** Creates an article (unique title unless given) as the token's user. */
  async createArticle(token: string, input: ArticleInput = {}): Promise<ArticleView> {
    const article = {
      title: input.title ?? uniqueName('Article'),
      description: input.description ?? 'A description',
      body: input.body ?? 'A body',
      ...(input.tagList === undefined ? {} : { tagList: input.tagList }),
    };
    const response = await this.post('/api/articles', { article }, token);
    if (response.status !== 201) {
      throw new Error(`create article: ${response.status} ${JSON.stringify(response.body)}`);
    }
    return bodyOf<ArticleResponse>(response).article;
  }

  async getArticle(slug: string, token?: string): Promise<ArticleView> {
    const response = await this.get(`/api/articles/${encodeURIComponent(slug)}`, token);
    if (response.status !== 200) {
      throw new Error(`get article ${slug}: ${response.status} ${JSON.stringify(response.body)}`);
    }
    return bodyOf<ArticleResponse>(response).article;
  }

  /** GET /api/articles with the given query parameters. */
  async listArticles(
    query: Record<string, string | number> = {},
    token?: string,
  ): Promise<ArticleListResponse> {
    const response = await this.get('/api/articles', token).query(query);
    if (response.status !== 200) {
      throw new Error(`list articles: ${response.status} ${JSON.stringify(response.body)}`);
    }
    return bodyOf<ArticleListResponse>(response);
  }

  async addComment(token: string, slug: string, body = 'A comment'): Promise<CommentView> {
    const response = await this.post(
      `/api/articles/${encodeURIComponent(slug)}/comments`,
      { comment: { body } },
      token,
    );
    if (response.status !== 201) {
      throw new Error(`add comment: ${response.status} ${JSON.stringify(response.body)}`);
    }
    return bodyOf<CommentResponse>(response).comment;
  }

  async listComments(slug: string, token?: string): Promise<CommentView[]> {
    const response = await this.get(`/api/articles/${encodeURIComponent(slug)}/comments`, token);
    if (response.status !== 200) {
      throw new Error(`list comments: ${response.status} ${JSON.stringify(response.body)}`);
    }
    return bodyOf<CommentListResponse>(response).comments;
  }

  async follow(token: string, username: string): Promise<ProfileView> {
    const response = await this.post(
      `/api/profiles/${encodeURIComponent(username)}/follow`,
      undefined,
      token,
    );
    if (response.status !== 200) {
      throw new Error(`follow ${username}: ${response.status} ${JSON.stringify(response.body)}`);
    }
    return bodyOf<ProfileResponse>(response).profile;
  }

  async favorite(token: string, slug: string): Promise<ArticleView> {
    const response = await this.post(
      `/api/articles/${encodeURIComponent(slug)}/favorite`,
      undefined,
      token,
    );
    if (response.status !== 200) {
      throw new Error(`favorite ${slug}: ${response.status} ${JSON.stringify(response.body)}`);
    }
    return bodyOf<ArticleResponse>(response).article;
  }
}

/** The real app and a client over it: what most suites boot in beforeAll (close the app in afterAll). */
export async function startConduit(): Promise<{ app: NestFastifyApplication; api: ConduitClient }> {
  const app = await startTestApp();
  return { app, api: new ConduitClient(app) };
}
