import { ConditionalGet } from '../../common/decorators/conditional-get.decorator';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../../common/openapi/api-errors.decorator';
import { TagsResponse } from './dto/tags.response';
import { Controller, Get } from '@nestjs/common';
import { CacheKey } from '@nestjs/cache-manager';
import { CacheScope } from '../../common/decorators/cache-scope.decorator';
import { normalizedRequestUrl } from '../../common/response-cache/normalized-url';
import { Public } from '../../common/decorators/public.decorator';
import { TAGS_SCOPE } from '../../infrastructure/cache/cache-entries';
import { TagsService } from './tags.service';

@ApiTags('Tags')
@Controller('tags')
export class TagsController {
  constructor(private readonly tags: TagsService) {}

  @Public()
  @CacheKey(normalizedRequestUrl)
  @CacheScope(() => TAGS_SCOPE)
  @Get()
  @ConditionalGet()
  @ApiOperation({ operationId: 'GetTags', summary: 'The most used tags' })
  @ApiOkResponse({ type: TagsResponse })
  @ApiErrors(401, 422)
  async list(): Promise<{ tags: string[] }> {
    return { tags: await this.tags.list() };
  }
}
