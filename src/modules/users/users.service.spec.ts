import { DomainError } from '../../common/errors/domain-error';
import type { AppCache } from '../../infrastructure/cache/app-cache';
import type { PasswordHasher } from '../../infrastructure/auth/password-hasher';
import type { TokenService } from '../../infrastructure/auth/token.service';
import type { TransactionRunner } from '../../infrastructure/database/transaction-runner';
import type { EventOutbox } from '../../infrastructure/events/event-outbox';
import type { RefreshTokens } from './refresh-tokens';
import type { PinoLogger } from 'nestjs-pino';
import type { UserEntity } from './user.entity';
import type { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

const alice: UserEntity = {
  id: 7,
  email: 'alice@example.com',
  username: 'alice',
  passwordHash: 'stored-hash',
  bio: null,
  image: null,
  tokenVersion: 3,
  keptSessionId: null,
  articlesCount: 1,
  createdAt: new Date(),
  updatedAt: new Date(),
};

/**
 * In-memory stand-ins for the service's ports (cast to the classes they stand in for);
 * the HTTP and database layers are not involved.
 */
function serviceWith(found: UserEntity | null, passwordMatches: boolean) {
  const hasher = {
    hash: jest.fn(async (password: string) => `hash(${password})`),
    matches: jest.fn(async () => passwordMatches),
    spendOneVerification: jest.fn(async () => false as const),
  };
  const users = {
    findByEmail: jest.fn(async () => found),
    lockAccount: jest.fn(async () => found),
    articleSlugsOf: jest.fn(async () => ['alices-first-post']),
    // As the real one: a new password hash moves the token version on.
    update: jest.fn(async (_em: unknown, _id: number, changes: Partial<UserEntity>) =>
      found
        ? Object.assign({}, found, changes, {
            tokenVersion: found.tokenVersion + (changes.passwordHash === undefined ? 0 : 1),
          })
        : null,
    ),
  };
  const cache = { invalidate: jest.fn(async () => undefined) };
  const tokens = {
    newSessionId: () => 'new-session',
    issue: jest.fn(
      async (subject: { userId: number; tokenVersion: number; sessionId?: string }) =>
        `token-for-${subject.userId}-v${subject.tokenVersion}-${subject.sessionId}`,
    ),
  };
  const refreshTokens = {
    start: jest.fn(async (_em: unknown, familyId: string) => `refresh-in-${familyId}`),
    revokeAllOf: jest.fn(async () => undefined),
  };
  const service = new UsersService(
    users as unknown as UsersRepository,
    hasher as unknown as PasswordHasher,
    tokens as unknown as TokenService,
    cache as unknown as AppCache,
    // One transaction: the work runs with a stand-in EntityManager.
    {
      run: async (work: (em: unknown) => Promise<unknown>) => work({}),
    } as unknown as TransactionRunner,
    {} as EventOutbox,
    refreshTokens as unknown as RefreshTokens,
    { info: jest.fn() } as unknown as PinoLogger,
  );
  return { service, hasher, users, cache, refreshTokens };
}

async function failureOf(work: Promise<unknown>): Promise<DomainError> {
  try {
    await work;
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

describe('UsersService.login', () => {
  it('issues a token for the right password', async () => {
    const { service } = serviceWith(alice, true);
    await expect(
      service.login({ email: 'alice@example.com', password: 'pw' }),
    ).resolves.toMatchObject({
      username: 'alice',
      token: 'token-for-7-v3-new-session',
    });
  });

  it('fails a wrong password and an unknown email alike, spending one verification for the unknown one', async () => {
    const wrong = serviceWith(alice, false);
    const unknown = serviceWith(null, false);
    const wrongPassword = await failureOf(
      wrong.service.login({ email: 'alice@example.com', password: 'x' }),
    );
    const unknownEmail = await failureOf(
      unknown.service.login({ email: 'nobody@example.com', password: 'x' }),
    );
    expect(unknownEmail.detail).toEqual(wrongPassword.detail);
    expect(unknownEmail.detail).toEqual({
      kind: 'unauthenticated',
      field: 'credentials',
      reason: 'invalid',
    });
    expect(wrong.hasher.matches).toHaveBeenCalledTimes(1);
    expect(unknown.hasher.spendOneVerification).toHaveBeenCalledTimes(1);
  });
});

describe('UsersService.update', () => {
  const caller = { token: 'tok', sessionId: 'session-a' };

  it('stores "" as null for bio and image, and hashes a new password', async () => {
    const { service, users, cache } = serviceWith(alice, true);
    await service.update(7, caller, { bio: '', image: '', password: 'new password' });
    // Her articles' cached copies show her bio and image: they go too.
    expect(cache.invalidate).toHaveBeenCalledWith(
      'user:7',
      'username:alice',
      'username:alice',
      'lists',
      'article:alices-first-post',
    );
    expect(users.update).toHaveBeenCalledWith(
      {},
      7,
      { bio: null, image: null, passwordHash: 'hash(new password)' },
      'session-a',
    );
  });

  it("answers a new token of the caller's session after a password change, else the caller's own", async () => {
    const { service } = serviceWith(alice, true);
    expect((await service.update(7, caller, { password: 'new password' })).token).toBe(
      'token-for-7-v4-session-a',
    );
    expect((await service.update(7, caller, { bio: 'hi' })).token).toBe('tok');
  });

  it('leaves the cached articles alone when nothing they show changed', async () => {
    const { service, users, cache } = serviceWith(alice, true);
    await service.update(7, caller, { password: 'new password' });
    expect(users.articleSlugsOf).not.toHaveBeenCalled();
    expect(cache.invalidate).toHaveBeenCalledWith(
      'user:7',
      'username:alice',
      'username:alice',
      'lists',
    );
  });

  it('checks that the account exists in the transaction that writes it', async () => {
    const { service, users } = serviceWith(null, true);
    const failure = await failureOf(service.update(7, caller, { bio: 'hi' }));
    expect(failure.detail).toMatchObject({ kind: 'unauthenticated', field: 'token' });
    expect(users.update).not.toHaveBeenCalled();
  });
});
