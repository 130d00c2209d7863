import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  bearerAuth,
  bodyOf,
  ConduitClient,
  expectErrors,
  expectStatus,
  type ProfileResponse,
  type TestUser,
  uniqueName,
  startConduit,
} from './support/conduit-client';

/** The `profile` object has exactly these keys: no email, no password, no id. */
const PROFILE_KEYS = ['bio', 'following', 'image', 'username'];

const profilePath = (username: string): string => `/api/profiles/${username}`;
const followPath = (username: string): string => `/api/profiles/${username}/follow`;

describe('profiles and follows', () => {
  let app: NestFastifyApplication;
  let api: ConduitClient;
  beforeAll(async () => ({ app, api } = await startConduit()));
  afterAll(async () => app.close());

  async function following(viewer: TestUser | undefined, username: string): Promise<boolean> {
    const response = await api.get(profilePath(username), viewer?.token);
    expectStatus(response, 200);
    return bodyOf<ProfileResponse>(response).profile.following;
  }

  describe('GET /api/profiles/:username', () => {
    it('answers 200 with the public profile, without authentication', async () => {
      const celeb = await api.register('celeb');
      const response = await api.get(profilePath(celeb.username));
      expectStatus(response, 200);
      const { profile } = bodyOf<ProfileResponse>(response);
      expect(profile).toEqual({
        username: celeb.username,
        bio: null,
        image: null,
        following: false,
      });
      expect(Object.keys(profile).toSorted()).toEqual(PROFILE_KEYS);
    });

    it('shows the bio and image the user set', async () => {
      const celeb = await api.register('celeb');
      const image = 'https://example.com/celeb.png';
      await api.put('/api/user', { user: { bio: 'Famous', image } }, celeb.token);
      const response = await api.get(profilePath(celeb.username));
      expectStatus(response, 200);
      expect(bodyOf<ProfileResponse>(response).profile).toEqual({
        username: celeb.username,
        bio: 'Famous',
        image,
        following: false,
      });
    });

    it('answers 200 with following false for an authenticated viewer who does not follow', async () => {
      const [viewer, celeb] = await Promise.all([api.register('viewer'), api.register('celeb')]);
      const response = await api.get(profilePath(celeb.username), viewer.token);
      expectStatus(response, 200);
      expect(bodyOf<ProfileResponse>(response).profile).toEqual({
        username: celeb.username,
        bio: null,
        image: null,
        following: false,
      });
    });

    it('answers 404 profile not found for an unknown username, with or without a token', async () => {
      const viewer = await api.register('viewer');
      const unknown = uniqueName('unknown');
      expectErrors(await api.get(profilePath(unknown)), 404, { profile: ['not found'] });
      expectErrors(await api.get(profilePath(unknown), viewer.token), 404, {
        profile: ['not found'],
      });
    });

    it('answers 401 token is invalid for a bad token, even though the route is public', async () => {
      const celeb = await api.register('celeb');
      const response = await api.get(profilePath(celeb.username), 'garbage');
      expectErrors(response, 401, { token: ['is invalid'] });
    });
  });

  describe('POST /api/profiles/:username/follow', () => {
    it('answers 200 with following true, and the follow persists for that viewer only', async () => {
      const [fan, other, celeb] = await Promise.all([
        api.register('fan'),
        api.register('other'),
        api.register('celeb'),
      ]);
      const response = await api.post(followPath(celeb.username), undefined, fan.token);
      expectStatus(response, 200);
      const { profile } = bodyOf<ProfileResponse>(response);
      expect(profile).toEqual({
        username: celeb.username,
        bio: null,
        image: null,
        following: true,
      });
      expect(Object.keys(profile).toSorted()).toEqual(PROFILE_KEYS);

      expect(await following(fan, celeb.username)).toBe(true);
      expect(await following(other, celeb.username)).toBe(false);
      expect(await following(undefined, celeb.username)).toBe(false);
      // Following is one-way.
      expect(await following(celeb, fan.username)).toBe(false);
    });

    it('is idempotent: following twice still answers following true', async () => {
      const [fan, celeb] = await Promise.all([api.register('fan'), api.register('celeb')]);
      for (let attempt = 0; attempt < 2; attempt += 1) {
        const response = await api.post(followPath(celeb.username), undefined, fan.token);
        expectStatus(response, 200);
        expect(bodyOf<ProfileResponse>(response).profile.following).toBe(true);
      }
      expect(await following(fan, celeb.username)).toBe(true);
    });

    it('accepts Bearer authentication', async () => {
      const [fan, celeb] = await Promise.all([api.register('fan'), api.register('celeb')]);
      const response = await api
        .post(followPath(celeb.username))
        .set('Authorization', bearerAuth(fan.token));
      expectStatus(response, 200);
      expect(bodyOf<ProfileResponse>(response).profile.following).toBe(true);
      const seen = await api
        .get(profilePath(celeb.username))
        .set('Authorization', bearerAuth(fan.token));
      expect(bodyOf<ProfileResponse>(seen).profile.following).toBe(true);
    });

    it('answers 401 token is missing without a token, before looking the user up', async () => {
      const celeb = await api.register('celeb');
      expectErrors(await api.post(followPath(celeb.username)), 401, { token: ['is missing'] });
      expectErrors(await api.post(followPath(uniqueName('unknown'))), 401, {
        token: ['is missing'],
      });
    });

    it('answers 401 token is invalid for a garbage token', async () => {
      const celeb = await api.register('celeb');
      const response = await api.post(followPath(celeb.username), undefined, 'garbage');
      expectErrors(response, 401, { token: ['is invalid'] });
    });

    it('answers 404 profile not found for an unknown username', async () => {
      const fan = await api.register('fan');
      const response = await api.post(followPath(uniqueName('unknown')), undefined, fan.token);
      expectErrors(response, 404, { profile: ['not found'] });
    });

    it('answers 422 to following yourself, and nothing is followed', async () => {
      const narcissus = await api.register('self');
      const response = await api.post(followPath(narcissus.username), undefined, narcissus.token);
      expectErrors(response, 422, { username: ['is your own: you cannot follow yourself'] });
      expect(await following(narcissus, narcissus.username)).toBe(false);
      // Unfollowing yourself has nothing to undo: it answers as for anyone not followed.
      const unfollowed = await api.delete(followPath(narcissus.username), narcissus.token);
      expectStatus(unfollowed, 200);
      expect(bodyOf<ProfileResponse>(unfollowed).profile.following).toBe(false);
    });
  });

  describe('DELETE /api/profiles/:username/follow', () => {
    it('answers 200 with following false, and the unfollow persists', async () => {
      const [fan, celeb] = await Promise.all([api.register('fan'), api.register('celeb')]);
      await api.follow(fan.token, celeb.username);
      expect(await following(fan, celeb.username)).toBe(true);

      const response = await api.delete(followPath(celeb.username), fan.token);
      expectStatus(response, 200);
      expect(bodyOf<ProfileResponse>(response).profile).toEqual({
        username: celeb.username,
        bio: null,
        image: null,
        following: false,
      });
      expect(await following(fan, celeb.username)).toBe(false);
    });

    it('only removes the caller’s own follow', async () => {
      const [fan, otherFan, celeb] = await Promise.all([
        api.register('fan'),
        api.register('otherfan'),
        api.register('celeb'),
      ]);
      await api.follow(fan.token, celeb.username);
      await api.follow(otherFan.token, celeb.username);
      expectStatus(await api.delete(followPath(celeb.username), fan.token), 200);
      expect(await following(fan, celeb.username)).toBe(false);
      expect(await following(otherFan, celeb.username)).toBe(true);
    });

    it('is idempotent: unfollowing someone not followed answers following false', async () => {
      const [fan, celeb] = await Promise.all([api.register('fan'), api.register('celeb')]);
      for (let attempt = 0; attempt < 2; attempt += 1) {
        const response = await api.delete(followPath(celeb.username), fan.token);
        expectStatus(response, 200);
        expect(bodyOf<ProfileResponse>(response).profile.following).toBe(false);
      }
    });

    it('accepts Bearer authentication', async () => {
      const [fan, celeb] = await Promise.all([api.register('fan'), api.register('celeb')]);
      await api.follow(fan.token, celeb.username);
      const response = await api
        .delete(followPath(celeb.username))
        .set('Authorization', bearerAuth(fan.token));
      expectStatus(response, 200);
      expect(await following(fan, celeb.username)).toBe(false);
    });

    it('answers 401 token is missing without a token, before looking the user up', async () => {
      const celeb = await api.register('celeb');
      expectErrors(await api.delete(followPath(celeb.username)), 401, { token: ['is missing'] });
      expectErrors(await api.delete(followPath(uniqueName('unknown'))), 401, {
        token: ['is missing'],
      });
    });

    it('answers 401 token is invalid for a garbage token', async () => {
      const celeb = await api.register('celeb');
      const response = await api.delete(followPath(celeb.username), 'garbage');
      expectErrors(response, 401, { token: ['is invalid'] });
    });

    it('answers 404 profile not found for an unknown username', async () => {
      const fan = await api.register('fan');
      const response = await api.delete(followPath(uniqueName('unknown')), fan.token);
      expectErrors(response, 404, { profile: ['not found'] });
    });
  });
});
