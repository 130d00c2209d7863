import type { LogLevel as NestLogLevel } from '@nestjs/common';
import type { LogLevel } from '../config/environment';

const ORDER: readonly NestLogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];
const RANK: Record<LogLevel, number> = { fatal: 0, error: 1, warn: 2, info: 3, debug: 4, trace: 5 };

/** LOG_LEVEL speaks pino's names; Nest's logger wants the list of levels to print. */
export function nestLogLevels(level: LogLevel): NestLogLevel[] {
  return ORDER.slice(0, RANK[level] + 1);
}
