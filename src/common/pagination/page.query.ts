import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export const PAGE_LIMIT_DEFAULT = 20;
export const PAGE_LIMIT_MAX = 100;

/** `?limit=&offset=` for every list: bounded, so no response is an unbounded array. */
export class PageQuery {
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: `must be an integer from 1 to ${PAGE_LIMIT_MAX}` })
  @Min(1, { message: `must be an integer from 1 to ${PAGE_LIMIT_MAX}` })
  @Max(PAGE_LIMIT_MAX, { message: `must be an integer from 1 to ${PAGE_LIMIT_MAX}` })
  limit: number = PAGE_LIMIT_DEFAULT;

  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'must be an integer, 0 or more' })
  @Min(0, { message: 'must be an integer, 0 or more' })
  offset: number = 0;
}
