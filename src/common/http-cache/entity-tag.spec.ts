import { entityTagOf, noneMatchHolds, splitEntityTag, withEntityTag } from './entity-tag';

describe('entity tags', () => {
  it('is strong, quoted and follows every byte of the body', () => {
    const tag = entityTagOf('{"tags":["a"]}');
    expect(tag).toMatch(/^"[\w-]{22}"$/);
    expect(entityTagOf('{"tags":["a"]}')).toBe(tag);
    expect(entityTagOf('{"tags":["b"]}')).not.toBe(tag);
  });

  it('travels with a cached body and comes apart again', () => {
    const body = '{"article":{"title":"a\\nb"}}';
    expect(splitEntityTag(withEntityTag(body))).toEqual({ entityTag: entityTagOf(body), body });
    expect(splitEntityTag(body)).toEqual({ entityTag: undefined, body });
  });

  it('matches If-None-Match lists, weak forms and *', () => {
    const tag = entityTagOf('x');
    expect(noneMatchHolds(tag, tag)).toBe(true);
    expect(noneMatchHolds(`"other", W/${tag}`, tag)).toBe(true);
    expect(noneMatchHolds('*', tag)).toBe(true);
    expect(noneMatchHolds('"other"', tag)).toBe(false);
    expect(noneMatchHolds(undefined, tag)).toBe(false);
  });
});
