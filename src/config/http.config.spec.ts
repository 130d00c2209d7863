import { parseCorsOrigins, parseDocsEnabled, parseTrustProxy } from './http.config';

describe('parseCorsOrigins', () => {
  it('allows any origin by default outside production, none in production', () => {
    expect(parseCorsOrigins(undefined, 'development')).toBe(true);
    expect(parseCorsOrigins(undefined, 'production')).toEqual([]);
  });

  it('takes * or an allowlist', () => {
    expect(parseCorsOrigins('*', 'production')).toBe(true);
    expect(parseCorsOrigins('https://a.example, https://b.example', 'production')).toEqual([
      'https://a.example',
      'https://b.example',
    ]);
  });
});

describe('parseTrustProxy', () => {
  it('trusts nobody by default', () => {
    expect(parseTrustProxy('false')).toBe(false);
  });

  it('trusts the nearest n hops for a count', () => {
    const trust = parseTrustProxy('1');
    if (typeof trust !== 'function') throw new Error('expected a function');
    expect([trust('10.0.0.1', 0), trust('10.0.0.2', 1)]).toEqual([true, false]);
  });

  it('trusts listed proxies', () => {
    expect(parseTrustProxy('10.0.0.0/8, 192.168.1.1')).toEqual(['10.0.0.0/8', '192.168.1.1']);
  });
});

describe('parseDocsEnabled', () => {
  it('serves /docs by default outside production only', () => {
    expect(parseDocsEnabled(undefined, 'development')).toBe(true);
    expect(parseDocsEnabled(undefined, 'test')).toBe(true);
    expect(parseDocsEnabled(undefined, 'production')).toBe(false);
  });

  it('does as DOCS_ENABLED says', () => {
    expect(parseDocsEnabled('true', 'production')).toBe(true);
    expect(parseDocsEnabled('false', 'development')).toBe(false);
  });
});
