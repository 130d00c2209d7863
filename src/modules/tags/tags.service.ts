import { Injectable } from '@nestjs/common';
import { AppCache } from '../../infrastructure/cache/app-cache';
import { popularTagsEntry } from '../../infrastructure/cache/cache-entries';
import { TagsRepository } from './tags.repository';

/** GET /api/tags is bounded like every list: the most used tags, at most this many. */
export const TAG_LIST_LIMIT = 100;

@Injectable()
export class TagsService {
  constructor(
    private readonly tags: TagsRepository,
    private readonly cache: AppCache,
  ) {}

  async list(): Promise<string[]> {
    return (
      (await this.cache.getOrLoad(popularTagsEntry, () => this.tags.mostUsed(TAG_LIST_LIMIT))) ?? []
    );
  }
}
