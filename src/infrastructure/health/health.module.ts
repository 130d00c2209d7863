import { Global, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { AppLifecycle } from './app-lifecycle';
import { HealthController } from './health.controller';
import { RedisHealthIndicator } from './redis.health';

@Global()
@Module({
  imports: [TerminusModule.forRoot({ logger: false })],
  controllers: [HealthController],
  providers: [AppLifecycle, RedisHealthIndicator],
  exports: [AppLifecycle],
})
export class HealthModule {}
