import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * Values reach SQL only as parameters ($1, $2, …). In repositories a template literal may
 * interpolate only these: constant SQL fragments (UPPER_CASE names) and the few expressions
 * that build placeholders or join constant conditions. Anything else — `${slug}`,
 * `${user.name}` — fails this test, which is the point.
 */
const VETTED = new Set([
  'param(filter.tag)',
  'param(filter.authorUsername)',
  'param(filter.favoritedByUsername)',
  'param(filter.followedBy)',
  'params.push(value)',
  "conditions.join(' AND ')",
  'where.sql',
  'where.params.length + 1',
  'where.params.length + 2',
  'limit',
  'offset',
]);
const CONSTANT = /^[A-Z][A-Z0-9_]*$/;

const SRC = join(__dirname, '..', '..');

function repositoryFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return repositoryFiles(path);
    return entry.name.endsWith('.repository.ts') ? [path] : [];
  });
}

function interpolations(source: string): { line: number; expression: string }[] {
  return source.split('\n').flatMap((text, index) => {
    if (/^\s*throw new Error\(/.test(text)) return []; // messages, not SQL
    return [...text.matchAll(/\$\{([^}]*)\}/g)].map((match) => ({
      line: index + 1,
      expression: match[1].trim(),
    }));
  });
}

describe('SQL in repositories', () => {
  const files = repositoryFiles(SRC);

  it('finds the repositories', () => {
    expect(files.length).toBeGreaterThanOrEqual(5);
  });

  it('interpolates only constant fragments and placeholders, never values', () => {
    const unvetted = files.flatMap((file) =>
      interpolations(readFileSync(file, 'utf8'))
        .filter(({ expression }) => !CONSTANT.test(expression) && !VETTED.has(expression))
        .map(({ line, expression }) => `${relative(SRC, file)}:${line} \${${expression}}`),
    );
    expect(unvetted).toEqual([]);
  });

  it('would catch a value interpolated into SQL', () => {
    const bad = interpolations(
      'await em.query(`SELECT * FROM users WHERE username = ${username}`);',
    );
    expect(
      bad.filter(({ expression }) => !CONSTANT.test(expression) && !VETTED.has(expression)),
    ).toHaveLength(1);
  });
});
