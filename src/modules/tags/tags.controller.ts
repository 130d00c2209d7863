import { Controller, Get } from '@nestjs/common';
import { CacheAnonymous } from '../../common/decorators/cache-anonymous.decorator';
import { Public } from '../../common/decorators/public.decorator';
import { TAGS_SCOPE } from '../../infrastructure/cache/cache-entries';
import { TagsService } from './tags.service';

@Controller('tags')
export class TagsController {
  constructor(private readonly tags: TagsService) {}

  @Public()
  @CacheAnonymous(() => TAGS_SCOPE)
  @Get()
  async list(): Promise<{ tags: string[] }> {
    return { tags: await this.tags.list() };
  }
}
