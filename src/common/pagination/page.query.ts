import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export const PAGE_LIMIT_DEFAULT = 20;
export const PAGE_LIMIT_MAX = 100;
/**
 * The deepest page a list serves. An offset makes the database walk past every skipped row, so
 * an unbounded one lets a single request scan a whole table; beyond this, filters narrow a list.
 */
export const PAGE_OFFSET_MAX = 10_000;
const OFFSET_MESSAGE = `must be an integer from 0 to ${PAGE_OFFSET_MAX}; narrow the list with a filter to reach further`;

/** `?limit=&offset=` for every list: bounded, so no response is an unbounded array. */
export class PageQuery {
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: PAGE_LIMIT_MAX,
    default: PAGE_LIMIT_DEFAULT,
    description: 'How many items a page holds',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: `must be an integer from 1 to ${PAGE_LIMIT_MAX}` })
  @Min(1, { message: `must be an integer from 1 to ${PAGE_LIMIT_MAX}` })
  @Max(PAGE_LIMIT_MAX, { message: `must be an integer from 1 to ${PAGE_LIMIT_MAX}` })
  limit: number = PAGE_LIMIT_DEFAULT;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 0,
    maximum: PAGE_OFFSET_MAX,
    default: 0,
    description: 'How many items to skip',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: OFFSET_MESSAGE })
  @Min(0, { message: OFFSET_MESSAGE })
  @Max(PAGE_OFFSET_MAX, { message: OFFSET_MESSAGE })
  offset: number = 0;
}
