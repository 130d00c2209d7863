import { canonicalJson, requestFingerprint } from './request-fingerprint';

describe('requestFingerprint', () => {
  it('is the same for the same body in another key order', () => {
    const a = requestFingerprint('POST', '/api/articles', { article: { title: 't', body: 'b' } });
    const b = requestFingerprint('POST', '/api/articles', { article: { body: 'b', title: 't' } });
    expect(a).toBe(b);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
  });

  it('differs for another body, path or method', () => {
    const base = requestFingerprint('POST', '/api/articles/a/comments', { comment: { body: 'x' } });
    expect(
      requestFingerprint('POST', '/api/articles/a/comments', { comment: { body: 'y' } }),
    ).not.toBe(base);
    expect(
      requestFingerprint('POST', '/api/articles/b/comments', { comment: { body: 'x' } }),
    ).not.toBe(base);
    expect(
      requestFingerprint('PUT', '/api/articles/a/comments', { comment: { body: 'x' } }),
    ).not.toBe(base);
  });

  it('writes arrays in order and leaves out undefined members', () => {
    expect(canonicalJson({ b: [2, 1], a: undefined, c: null })).toBe('{"b":[2,1],"c":null}');
    expect(canonicalJson(undefined)).toBe('null');
  });
});
