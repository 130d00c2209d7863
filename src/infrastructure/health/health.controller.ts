import { Controller, Get } from '@nestjs/common';
import { SkipThrottle } from '@nestjs/throttler';
import { Public } from '../../common/decorators/public.decorator';

/**
 * Kubernetes probes. Liveness only says the event loop answers: it must not depend on
 * PostgreSQL or Redis, or an outage of theirs would restart every replica at once.
 */
// Probes are never rate limited: a throttled probe would restart a healthy pod.
@SkipThrottle()
@Public()
@Controller('health')
export class HealthController {
  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }
}
