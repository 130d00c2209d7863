import { Inject } from '@nestjs/common';
import { Command } from 'nest-commander';
import { redisConfig, type RedisConfig } from '../config/redis.config';
import { AppCache } from '../infrastructure/cache/app-cache';
import { CliCommand } from './cli-command';
import { print } from './output';

@Command({
  name: 'cache:flush',
  description: 'Delete every cached value in Redis (the invalidation versions stay)',
})
export class CacheFlushCommand extends CliCommand {
  constructor(
    private readonly cache: AppCache,
    @Inject(redisConfig.KEY) private readonly config: RedisConfig,
  ) {
    super();
  }

  async run(): Promise<void> {
    if (this.config.url === undefined) {
      print(
        'REDIS_URL is unset: each process caches in its own memory, so there is nothing shared to flush.',
      );
      return;
    }
    const deleted = await this.cache.flush();
    print(`Deleted ${deleted} cached values (${this.config.keyPrefix}cache:*).`);
  }
}
