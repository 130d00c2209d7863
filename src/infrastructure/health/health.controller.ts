import { Controller, Get } from '@nestjs/common';

/**
 * Kubernetes probes. Liveness only says the event loop answers: it must not depend on
 * PostgreSQL or Redis, or an outage of theirs would restart every replica at once.
 */
@Controller('health')
export class HealthController {
  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }
}
