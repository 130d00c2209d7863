import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Response } from 'supertest';
import { DataSource } from 'typeorm';
import {
  bodyOf,
  ConduitClient,
  expectErrors,
  expectStatus,
  startConduit,
  type TestUser,
  type UserResponse,
} from './support/conduit-client';

const REUSED = { refreshToken: ['was already used: its session is revoked'] };
const INVALID = { refreshToken: ['is invalid'] };

function refreshed(response: Response): { token: string; refreshToken: string } {
  expectStatus(response, 200);
  const { token, refreshToken } = bodyOf<UserResponse>(response).user;
  if (refreshToken === undefined) throw new Error('no refreshToken in the answer');
  return { token, refreshToken };
}

/**
 * Refresh tokens with rotation and reuse detection, across two replicas (two apps over one
 * PostgreSQL and Redis): what one revokes, the other refuses at once.
 */
describe('Refresh tokens', () => {
  let first: { app: NestFastifyApplication; api: ConduitClient };
  let second: { app: NestFastifyApplication; api: ConduitClient };
  let database: DataSource;
  beforeAll(async () => {
    [first, second] = await Promise.all([startConduit(), startConduit()]);
    database = first.app.get(DataSource);
  });
  afterAll(async () => Promise.all([first.app.close(), second.app.close()]));

  async function login(user: TestUser, api = first.api): Promise<UserResponse['user']> {
    const response = await api.post('/api/users/login', {
      user: { email: user.email, password: user.password },
    });
    expectStatus(response, 200);
    return bodyOf<UserResponse>(response).user;
  }

  const refresh = (refreshToken: string, api = first.api): Promise<Response> =>
    api.post('/api/users/refresh', { refreshToken });

  it('gives login and registration a refresh token next to the token', async () => {
    const registered = await first.api.post('/api/users', {
      user: {
        username: `rt${Date.now()}`,
        email: `rt${Date.now()}@example.com`,
        password: 'password123',
      },
    });
    expectStatus(registered, 201);
    expect(bodyOf<UserResponse>(registered).user.refreshToken).toMatch(/^[\w-]{43}$/);
    const user = await first.api.register();
    const session = await login(user);
    expect(session.refreshToken).toMatch(/^[\w-]{43}$/);
    expect(session.refreshToken).not.toBe(bodyOf<UserResponse>(registered).user.refreshToken);
  });

  it('rotates: a new token and refresh token, the new token works, on either replica', async () => {
    const user = await first.api.register();
    const session = await login(user);
    const next = refreshed(await refresh(session.refreshToken ?? '', second.api));
    expect(next.refreshToken).not.toBe(session.refreshToken);
    expectStatus(await first.api.get('/api/user', next.token), 200);
    const after = refreshed(await refresh(next.refreshToken));
    expectStatus(await second.api.get('/api/user', after.token), 200);
  });

  it('revokes the whole family when a spent token comes back, on the other replica at once', async () => {
    const user = await first.api.register();
    const stolen = (await login(user)).refreshToken ?? '';
    const newest = refreshed(await refresh(stolen, first.api)).refreshToken;
    expectErrors(await refresh(stolen, second.api), 401, REUSED);
    expectErrors(await refresh(newest, first.api), 401, INVALID);
    expectErrors(await refresh(newest, second.api), 401, INVALID);
  });

  it('leaves other sessions of the user alone when one family is revoked', async () => {
    const user = await first.api.register();
    const one = (await login(user)).refreshToken ?? '';
    const other = (await login(user)).refreshToken ?? '';
    refreshed(await refresh(one));
    expectErrors(await refresh(one), 401, REUSED);
    refreshed(await refresh(other, second.api));
  });

  it('logs out: the family ends, on both replicas; another user cannot end it', async () => {
    const user = await first.api.register();
    const intruder = await first.api.register();
    const session = await login(user);
    const token = session.refreshToken ?? '';
    const foreign = await first.api.post(
      '/api/users/logout',
      { refreshToken: token },
      intruder.token,
    );
    expectErrors(foreign, 401, INVALID);
    expectStatus(
      await second.api.post('/api/users/logout', { refreshToken: token }, session.token),
      204,
    );
    expectErrors(await refresh(token, first.api), 401, INVALID);
    expectStatus(await first.api.post('/api/users/logout', { refreshToken: token }), 401);
  });

  it('refuses an expired refresh token, an unknown one, and a malformed request', async () => {
    const user = await first.api.register();
    const token = (await login(user)).refreshToken ?? '';
    await database.query(
      `UPDATE refresh_tokens SET expires_at = now() - interval '1 second'
        WHERE token_hash = encode(sha256(convert_to($1, 'UTF8')), 'hex')`,
      [token],
    );
    expectErrors(await refresh(token), 401, INVALID);
    expectErrors(await refresh('x'.repeat(43)), 401, INVALID);
    expectErrors(await first.api.post('/api/users/refresh', {}), 422, {
      refreshToken: ["can't be blank"],
    });
    expectErrors(await refresh('x'.repeat(129)), 422, {
      refreshToken: ['is too long (maximum is 128 characters)'],
    });
  });

  it('refuses the refresh token of a deleted user', async () => {
    const user = await first.api.register();
    const token = (await login(user)).refreshToken ?? '';
    await database.query('DELETE FROM users WHERE username = $1', [user.username]);
    expectErrors(await refresh(token), 401, INVALID);
  });

  it('lets one of two simultaneous refreshes of one token through, then revokes the family', async () => {
    const user = await first.api.register();
    const token = (await login(user)).refreshToken ?? '';
    const answers = await Promise.all([refresh(token, first.api), refresh(token, second.api)]);
    const statuses = answers.map((answer) => answer.status).toSorted((a, b) => a - b);
    expect(statuses).toEqual([200, 401]);
    const winner = answers.find((answer) => answer.status === 200);
    if (winner === undefined) throw new Error('no refresh succeeded');
    // The loser presented a spent token: the family, the winner's new token with it, is revoked.
    expectErrors(await refresh(refreshed(winner).refreshToken), 401, INVALID);
  });

  it('revokes every family of the user at a password change; the answer starts a new one', async () => {
    const user = await first.api.register();
    const a = await login(user);
    const b = await login(user);
    const changed = await first.api.put(
      '/api/user',
      { user: { password: 'a new password' } },
      a.token,
    );
    expectStatus(changed, 200);
    const renewed = bodyOf<UserResponse>(changed).user.refreshToken ?? '';
    expectErrors(await refresh(a.refreshToken ?? '', second.api), 401, INVALID);
    expectErrors(await refresh(b.refreshToken ?? ''), 401, INVALID);
    const next = refreshed(await refresh(renewed, second.api));
    expectStatus(await first.api.get('/api/user', next.token), 200);
    // No password change, no new refresh token.
    const bio = await first.api.put('/api/user', { user: { bio: 'still here' } }, next.token);
    expect(bodyOf<UserResponse>(bio).user.refreshToken).toBeUndefined();
  });
});
