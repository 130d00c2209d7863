import { createHmac } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import {
  bearerAuth,
  bodyOf,
  ConduitClient,
  DEFAULT_PASSWORD,
  expectErrors,
  expectFieldError,
  expectStatus,
  type ProfileResponse,
  tokenAuth,
  uniqueName,
  type UserResponse,
  startConduit,
} from './support/conduit-client';
import { dataQueries, recordQueries } from './support/query-counter';

const base64url = (value: object | string): string =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/** A JWT for `sub`, signed with a secret the API does not know (or with no signature at all). */
function forgedToken(sub: string, secret: string | null): string {
  const header = base64url({ alg: secret === null ? 'none' : 'HS256', typ: 'JWT' });
  const now = Math.floor(Date.now() / 1000);
  const payload = base64url({ sub, iat: now, exp: now + 3600 });
  if (secret === null) return `${header}.${payload}.`;
  const signature = createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url');
  return `${header}.${payload}.${signature}`;
}

/** The `user` object has exactly these keys: no password, no hash, no id. */
const USER_KEYS = ['bio', 'email', 'image', 'token', 'username'];
/** Login and registration also start a session with a refresh token (see refresh-tokens). */
const SESSION_KEYS = ['bio', 'email', 'image', 'refreshToken', 'token', 'username'];

describe('users and authentication', () => {
  let app: NestFastifyApplication;
  let api: ConduitClient;
  beforeAll(async () => ({ app, api } = await startConduit()));
  afterAll(async () => app.close());

  describe('POST /api/users (register)', () => {
    it('creates the user and answers 201 with the user and a working token', async () => {
      const username = uniqueName('reg');
      const email = `${username}@example.com`;
      const response = await api.post('/api/users', {
        user: { username, email, password: DEFAULT_PASSWORD },
      });
      expectStatus(response, 201);
      const { user } = bodyOf<UserResponse>(response);
      expect(user).toEqual({
        username,
        email,
        bio: null,
        image: null,
        token: expect.any(String),
        refreshToken: expect.any(String),
      });
      expect(Object.keys(user).toSorted()).toEqual(SESSION_KEYS);
      expect(user.token).not.toHaveLength(0);
      expect(JSON.stringify(response.body)).not.toContain(DEFAULT_PASSWORD);

      const current = await api.get('/api/user', user.token);
      expectStatus(current, 200);
      expect(bodyOf<UserResponse>(current).user.username).toBe(username);
    });

    it.each(['username', 'email', 'password'])('answers 422 when %s is blank', async (field) => {
      const username = uniqueName('blank');
      const user = { username, email: `${username}@example.com`, password: DEFAULT_PASSWORD };
      const response = await api.post('/api/users', { user: { ...user, [field]: '' } });
      expectFieldError(response, field, "can't be blank");
    });

    it.each(['username', 'email', 'password'])('answers 422 when %s is missing', async (field) => {
      const username = uniqueName('missing');
      const user: Record<string, string> = {
        username,
        email: `${username}@example.com`,
        password: DEFAULT_PASSWORD,
      };
      delete user[field];
      const response = await api.post('/api/users', { user });
      expectFieldError(response, field, "can't be blank");
    });

    it('answers 422 when the user object is missing', async () => {
      const response = await api.post('/api/users', {});
      expectStatus(response, 422);
      expect(bodyOf<{ errors: unknown }>(response).errors).toEqual(
        expect.objectContaining({ user: expect.any(Array) }),
      );
    });

    it('answers 422 for an email that is not an email', async () => {
      const username = uniqueName('bademail');
      const response = await api.post('/api/users', {
        user: { username, email: 'not-an-email', password: DEFAULT_PASSWORD },
      });
      expectFieldError(response, 'email', 'is invalid');
    });

    it('answers 422 for a password shorter than 8 characters', async () => {
      const username = uniqueName('shortpw');
      const response = await api.post('/api/users', {
        user: { username, email: `${username}@example.com`, password: 'short7c' },
      });
      expectStatus(response, 422);
      expect(bodyOf<{ errors: Record<string, unknown> }>(response).errors).toHaveProperty(
        'password',
      );
    });

    it('answers 422 when fields are not strings', async () => {
      const response = await api.post('/api/users', {
        user: { username: 42, email: true, password: 12345678 },
      });
      expectStatus(response, 422);
      expect(Object.keys(bodyOf<{ errors: object }>(response).errors).toSorted()).toEqual([
        'email',
        'password',
        'username',
      ]);
    });

    it('answers 409 for a username that is taken', async () => {
      const existing = await api.register('dupname');
      const response = await api.post('/api/users', {
        user: {
          username: existing.username,
          email: `${uniqueName('other')}@example.com`,
          password: DEFAULT_PASSWORD,
        },
      });
      expectErrors(response, 409, { username: ['has already been taken'] });
    });

    it('answers 409 for an email that is taken, whatever its letter case', async () => {
      const existing = await api.register('dupmail');
      for (const email of [existing.email, existing.email.toUpperCase()]) {
        const response = await api.post('/api/users', {
          user: { username: uniqueName('other'), email, password: DEFAULT_PASSWORD },
        });
        expectErrors(response, 409, { email: ['has already been taken'] });
      }
    });
  });

  describe('POST /api/users/login', () => {
    it('answers 200 with the user and a working token', async () => {
      const registered = await api.register('login');
      const response = await api.post('/api/users/login', {
        user: { email: registered.email, password: registered.password },
      });
      expectStatus(response, 200);
      const { user } = bodyOf<UserResponse>(response);
      expect(user).toEqual({
        username: registered.username,
        email: registered.email,
        bio: null,
        image: null,
        token: expect.any(String),
        refreshToken: expect.any(String),
      });
      expect(Object.keys(user).toSorted()).toEqual(SESSION_KEYS);

      const current = await api.get('/api/user', user.token);
      expectStatus(current, 200);
      expect(bodyOf<UserResponse>(current).user.email).toBe(registered.email);
    });

    it('finds the account whatever the letter case of the email', async () => {
      const registered = await api.register('logincase');
      const response = await api.post('/api/users/login', {
        user: { email: registered.email.toUpperCase(), password: registered.password },
      });
      expectStatus(response, 200);
      expect(bodyOf<UserResponse>(response).user.username).toBe(registered.username);
    });

    it('answers 401 credentials invalid for a wrong password', async () => {
      const registered = await api.register('wrongpw');
      const response = await api.post('/api/users/login', {
        user: { email: registered.email, password: 'wrongpassword' },
      });
      expectErrors(response, 401, { credentials: ['invalid'] });
    });

    it('answers an unknown email exactly as a wrong password', async () => {
      const response = await api.post('/api/users/login', {
        user: { email: `${uniqueName('nobody')}@example.com`, password: DEFAULT_PASSWORD },
      });
      expectErrors(response, 401, { credentials: ['invalid'] });
    });

    it.each(['email', 'password'])('answers 422 when %s is blank', async (field) => {
      const user = { email: `${uniqueName('blank')}@example.com`, password: DEFAULT_PASSWORD };
      const response = await api.post('/api/users/login', { user: { ...user, [field]: '' } });
      expectFieldError(response, field, "can't be blank");
    });

    it.each(['email', 'password'])('answers 422 when %s is missing', async (field) => {
      const user: Record<string, string> = {
        email: `${uniqueName('missing')}@example.com`,
        password: DEFAULT_PASSWORD,
      };
      delete user[field];
      const response = await api.post('/api/users/login', { user });
      expectFieldError(response, field, "can't be blank");
    });

    it('answers 422 when the user object is missing', async () => {
      const response = await api.post('/api/users/login', {});
      expectStatus(response, 422);
    });
  });

  describe('GET /api/user', () => {
    it('answers 200 with the current user for a Token header', async () => {
      const registered = await api.register('current');
      const response = await api.get('/api/user').set('Authorization', tokenAuth(registered.token));
      expectStatus(response, 200);
      const { user } = bodyOf<UserResponse>(response);
      expect(user).toEqual({
        username: registered.username,
        email: registered.email,
        bio: null,
        image: null,
        token: registered.token,
      });
      expect(Object.keys(user).toSorted()).toEqual(USER_KEYS);
    });

    it('answers 200 for a Bearer header too', async () => {
      const registered = await api.register('bearer');
      const response = await api
        .get('/api/user')
        .set('Authorization', bearerAuth(registered.token));
      expectStatus(response, 200);
      expect(bodyOf<UserResponse>(response).user.username).toBe(registered.username);
    });

    it('answers 401 token is missing without an Authorization header', async () => {
      expectErrors(await api.get('/api/user'), 401, { token: ['is missing'] });
    });

    it.each([
      ['a garbage token', 'Token not-a-jwt'],
      ['a garbage bearer token', 'Bearer not.a.jwt'],
      ['an unknown scheme', 'Basic dXNlcjpwYXNz'],
      ['a scheme without a token', 'Token'],
      ['a token followed by junk', 'Token abc def'],
    ])('answers 401 token is invalid for %s', async (_, header) => {
      const response = await api.get('/api/user').set('Authorization', header);
      expectErrors(response, 401, { token: ['is invalid'] });
    });

    it('answers 401 token is invalid for a tampered token', async () => {
      const registered = await api.register('tamper');
      const [header = '', payload = '', signature = ''] = registered.token.split('.');
      const flipped = `${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`;
      const response = await api.get('/api/user', `${header}.${payload}.${flipped}`);
      expectErrors(response, 401, { token: ['is invalid'] });
    });

    it('answers 401 token is invalid for a token signed with another secret', async () => {
      const response = await api.get('/api/user', forgedToken('1', 'not the secret of the api'));
      expectErrors(response, 401, { token: ['is invalid'] });
    });

    it('answers 401 token is invalid for an unsigned (alg none) token', async () => {
      const response = await api.get('/api/user', forgedToken('1', null));
      expectErrors(response, 401, { token: ['is invalid'] });
    });
  });

  describe('PUT /api/user', () => {
    it('answers 401 token is missing without a token', async () => {
      const response = await api.put('/api/user', { user: { bio: 'x' } });
      expectErrors(response, 401, { token: ['is missing'] });
    });

    it('answers 401 token is invalid for a garbage token', async () => {
      const response = await api.put('/api/user', { user: { bio: 'x' } }, 'garbage');
      expectErrors(response, 401, { token: ['is invalid'] });
    });

    it('updates bio and image, and the change persists', async () => {
      const registered = await api.register('upd');
      const image = 'https://example.com/photo.jpg';
      const response = await api.put(
        '/api/user',
        { user: { bio: 'My bio', image } },
        registered.token,
      );
      expectStatus(response, 200);
      const { user } = bodyOf<UserResponse>(response);
      expect(user).toEqual({
        username: registered.username,
        email: registered.email,
        bio: 'My bio',
        image,
        token: expect.any(String),
      });
      expect(Object.keys(user).toSorted()).toEqual(USER_KEYS);

      const current = await api.get('/api/user', registered.token);
      expect(bodyOf<UserResponse>(current).user).toMatchObject({ bio: 'My bio', image });
    });

    it('accepts Bearer authentication', async () => {
      const registered = await api.register('updbearer');
      const response = await api
        .put('/api/user', { user: { bio: 'via bearer' } })
        .set('Authorization', bearerAuth(registered.token));
      expectStatus(response, 200);
      expect(bodyOf<UserResponse>(response).user.bio).toBe('via bearer');
    });

    it.each(['bio', 'image'])('stores an empty %s as null, and accepts null', async (field) => {
      const registered = await api.register(`clear${field}`);
      for (const cleared of ['', null]) {
        const set = await api.put(
          '/api/user',
          { user: { [field]: 'https://example.com/value' } },
          registered.token,
        );
        expect(bodyOf<UserResponse>(set).user).toHaveProperty(field, 'https://example.com/value');

        const response = await api.put(
          '/api/user',
          { user: { [field]: cleared } },
          registered.token,
        );
        expectStatus(response, 200);
        expect(bodyOf<UserResponse>(response).user).toHaveProperty(field, null);
        const current = await api.get('/api/user', registered.token);
        expect(bodyOf<UserResponse>(current).user).toHaveProperty(field, null);
      }
    });

    it('leaves everything unchanged for an empty user object', async () => {
      const registered = await api.register('noop');
      await api.put('/api/user', { user: { bio: 'kept' } }, registered.token);
      const response = await api.put('/api/user', { user: {} }, registered.token);
      expectStatus(response, 200);
      expect(bodyOf<UserResponse>(response).user).toMatchObject({
        username: registered.username,
        email: registered.email,
        bio: 'kept',
        image: null,
      });
    });

    it('changes username and email; the new ones are used from then on', async () => {
      const registered = await api.register('rename');
      const username = uniqueName('renamed');
      const email = `${username}@example.com`;
      const response = await api.put('/api/user', { user: { username, email } }, registered.token);
      expectStatus(response, 200);
      const { user } = bodyOf<UserResponse>(response);
      expect(user).toMatchObject({ username, email });
      expect(user.token).not.toHaveLength(0);

      const current = await api.get('/api/user', user.token);
      expect(bodyOf<UserResponse>(current).user).toMatchObject({ username, email });

      const newProfile = await api.get(`/api/profiles/${username}`);
      expectStatus(newProfile, 200);
      expect(bodyOf<ProfileResponse>(newProfile).profile.username).toBe(username);
      expectErrors(await api.get(`/api/profiles/${registered.username}`), 404, {
        profile: ['not found'],
      });

      const newLogin = await api.post('/api/users/login', {
        user: { email, password: registered.password },
      });
      expectStatus(newLogin, 200);
      const oldLogin = await api.post('/api/users/login', {
        user: { email: registered.email, password: registered.password },
      });
      expectErrors(oldLogin, 401, { credentials: ['invalid'] });
    });

    it('accepts the caller’s own username and email (no conflict with itself)', async () => {
      const registered = await api.register('same');
      const response = await api.put(
        '/api/user',
        { user: { username: registered.username, email: registered.email } },
        registered.token,
      );
      expectStatus(response, 200);
      expect(bodyOf<UserResponse>(response).user).toMatchObject({
        username: registered.username,
        email: registered.email,
      });
    });

    it.each([
      ['email', ''],
      ['email', null],
      ['username', ''],
      ['username', null],
    ])('answers 422 when %s is %p', async (field, value) => {
      const registered = await api.register('reject');
      const response = await api.put('/api/user', { user: { [field]: value } }, registered.token);
      expectFieldError(response, field, "can't be blank");
      const current = await api.get('/api/user', registered.token);
      expect(bodyOf<UserResponse>(current).user).toMatchObject({
        username: registered.username,
        email: registered.email,
      });
    });

    it('answers 422 for an invalid email', async () => {
      const registered = await api.register('bademail');
      const response = await api.put(
        '/api/user',
        { user: { email: 'not-an-email' } },
        registered.token,
      );
      expectFieldError(response, 'email', 'is invalid');
    });

    it.each([
      ['empty', ''],
      ['null', null],
      ['7 characters long', 'short7c'],
    ])('answers 422 when the password is %s, and the old password still works', async (_, pw) => {
      const registered = await api.register('badpw');
      const response = await api.put('/api/user', { user: { password: pw } }, registered.token);
      expectStatus(response, 422);
      expect(bodyOf<{ errors: Record<string, unknown> }>(response).errors).toHaveProperty(
        'password',
      );
      const login = await api.post('/api/users/login', {
        user: { email: registered.email, password: registered.password },
      });
      expectStatus(login, 200);
    });

    it.each([
      ['8 characters', 'bonjour1'],
      ['64 characters', 'a'.repeat(64)],
    ])('accepts a password of %s; login then needs the new one', async (_, password) => {
      const registered = await api.register('newpw');
      const response = await api.put('/api/user', { user: { password } }, registered.token);
      expectStatus(response, 200);
      expect(JSON.stringify(response.body)).not.toContain(password);

      const withNew = await api.post('/api/users/login', {
        user: { email: registered.email, password },
      });
      expectStatus(withNew, 200);
      const withOld = await api.post('/api/users/login', {
        user: { email: registered.email, password: registered.password },
      });
      expectErrors(withOld, 401, { credentials: ['invalid'] });
    });

    it('answers 409 for a username another user has', async () => {
      const [me, other] = await Promise.all([api.register('me'), api.register('other')]);
      const response = await api.put('/api/user', { user: { username: other.username } }, me.token);
      expectErrors(response, 409, { username: ['has already been taken'] });
      const current = await api.get('/api/user', me.token);
      expect(bodyOf<UserResponse>(current).user.username).toBe(me.username);
    });

    it('answers 409 for an email another user has, whatever its letter case', async () => {
      const [me, other] = await Promise.all([api.register('me'), api.register('other')]);
      for (const email of [other.email, other.email.toUpperCase()]) {
        const response = await api.put('/api/user', { user: { email } }, me.token);
        expectErrors(response, 409, { email: ['has already been taken'] });
      }
      const current = await api.get('/api/user', me.token);
      expect(bodyOf<UserResponse>(current).user.email).toBe(me.email);
    });

    it('answers 422 when the user object is missing', async () => {
      const registered = await api.register('nowrapper');
      const response = await api.put('/api/user', {}, registered.token);
      expectStatus(response, 422);
    });

    it('signs out every other session on a password change; the session that made it goes on', async () => {
      const user = await api.register('rotate');
      const login = async (password: string): Promise<string> => {
        const response = await api.post('/api/users/login', {
          user: { email: user.email, password },
        });
        expectStatus(response, 200);
        return bodyOf<UserResponse>(response).user.token;
      };
      const otherSession = await login(DEFAULT_PASSWORD);
      const changed = await api.put(
        '/api/user',
        { user: { password: 'a new password' } },
        user.token,
      );
      expectStatus(changed, 200);
      const fresh = bodyOf<UserResponse>(changed).user.token;
      expect(fresh).not.toBe(user.token);
      // Another session (another login) is signed out everywhere.
      expectErrors(await api.get('/api/user', otherSession), 401, { token: ['is invalid'] });
      expectErrors(await api.get('/api/articles', otherSession), 401, { token: ['is invalid'] });
      // The session that changed the password goes on, with its old token and the new one
      // (the RealWorld suite changes the password twice with the same token).
      expectStatus(await api.get('/api/user', user.token), 200);
      expectStatus(await api.get('/api/user', fresh), 200);
      const again = await api.put(
        '/api/user',
        { user: { password: 'a third password' } },
        user.token,
      );
      expectStatus(again, 200);
      expectStatus(await api.get('/api/user', await login('a third password')), 200);
      // Changing anything else signs nobody out: the answer carries the caller's own token.
      const renamed = await api.put('/api/user', { user: { bio: 'still me' } }, fresh);
      expect(bodyOf<UserResponse>(renamed).user.token).toBe(fresh);
      expectStatus(await api.get('/api/user', fresh), 200);
    });

    it('GET /api/user reads no password hash', async () => {
      const user = await api.register('lean');
      const log = recordQueries(app.get(DataSource));
      expectStatus(await api.get('/api/user', user.token), 200);
      log.stop();
      const reads = dataQueries(log).filter(({ sql }) => /FROM "users"/.test(sql));
      expect(reads.length).toBeGreaterThan(0);
      expect(reads.filter(({ sql }) => /password_hash/.test(sql))).toEqual([]);
    });

    it('checks a token without reading the database once its user is cached', async () => {
      const user = await api.register('cheap');
      const dataSource = app.get(DataSource);
      const tokenQueries = async (): Promise<number> => {
        const log = recordQueries(dataSource);
        expectStatus(await api.get('/api/tags', user.token), 200);
        log.stop();
        return dataQueries(log).filter(({ sql }) => /kept_session_id/.test(sql)).length;
      };
      // The first check loads the user's session state; from then on the cache answers.
      expect(await tokenQueries()).toBe(1);
      expect(await tokenQueries()).toBe(0);
      expect(await tokenQueries()).toBe(0);
    });
  });

  describe('routing', () => {
    it('answers 404 to an unknown route', async () => {
      const response = await api.get('/api/no-such-route');
      expectStatus(response, 404);
      expect(bodyOf<{ errors: object }>(response).errors).toBeInstanceOf(Object);
    });

    it('answers 404 to a known path with an unsupported method', async () => {
      const registered = await api.register('method');
      const response = await api.delete('/api/user', registered.token);
      expectStatus(response, 404);
    });
  });
});
