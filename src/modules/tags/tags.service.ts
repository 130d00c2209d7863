import { Injectable } from '@nestjs/common';
import { TagsRepository } from './tags.repository';

/** GET /api/tags is bounded like every list: the most used tags, at most this many. */
export const TAG_LIST_LIMIT = 100;

@Injectable()
export class TagsService {
  constructor(private readonly tags: TagsRepository) {}

  list(): Promise<string[]> {
    return this.tags.mostUsed(TAG_LIST_LIMIT);
  }
}
