import { Controller, Get } from '@nestjs/common';
import { CacheAnonymous } from '../../common/decorators/cache-anonymous.decorator';
import { Public } from '../../common/decorators/public.decorator';
import { TagsService } from './tags.service';

@Controller('tags')
export class TagsController {
  constructor(private readonly tags: TagsService) {}

  @Public()
  @CacheAnonymous()
  @Get()
  async list(): Promise<{ tags: string[] }> {
    return { tags: await this.tags.list() };
  }
}
