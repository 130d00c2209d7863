import { Module } from '@nestjs/common';
import { SeedRepository } from './seed.repository';
import { SeedService } from './seed.service';

/** Bulk demo and benchmark data (the CLI's `seed`). */
@Module({
  providers: [SeedRepository, SeedService],
  exports: [SeedService],
})
export class SeedModule {}
