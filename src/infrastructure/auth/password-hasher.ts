import { Injectable } from '@nestjs/common';
import { argon2id, hash, verify } from 'argon2';

/**
 * argon2id with OWASP's second recommended setting (19 MiB, 2 passes, 1 lane), which suits
 * a 2-core pod: about 20-30 ms of one libuv thread per hash.
 */
const OPTIONS = { type: argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

@Injectable()
export class PasswordHasher {
  /** Verified against when the user does not exist, so that case costs the same time. */
  private decoy: Promise<string> | undefined;

  hash(password: string): Promise<string> {
    return hash(password, OPTIONS);
  }

  async matches(storedHash: string, password: string): Promise<boolean> {
    try {
      return await verify(storedHash, password);
    } catch {
      return false;
    }
  }

  /** Spends one verification for an unknown account; always false. */
  async spendOneVerification(password: string): Promise<false> {
    this.decoy ??= this.hash('decoy password for unknown accounts');
    await this.matches(await this.decoy, password);
    return false;
  }
}
