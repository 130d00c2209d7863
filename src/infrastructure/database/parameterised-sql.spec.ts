import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * Values reach SQL only as parameters ($1, $2, …). In every file that runs SQL (repositories,
 * the database admin, migrations), a template literal holding SQL may interpolate only:
 * constant fragments (UPPER_CASE names), placeholders from a Parameters collector
 * (`params.param(value)`: the value travels apart from the text), identifiers quoted by the
 * driver, and the joining of such pieces. Anything else — `${slug}`, `${limit}` — fails.
 */
const VETTED: readonly RegExp[] = [
  /^[A-Z][A-Z0-9_]*$/,
  /^\w+\.param\([^`]+\)$/,
  /^client\.escapeIdentifier\(\w+\)$/,
  /^conditions\.join\(' AND '\)$/,
  /^(pageWhere|countWhere)$/,
];

/** Words only SQL text holds: a template literal with one of them is SQL. */
const SQL_WORDS =
  /\b(SELECT|INSERT|UPDATE|DELETE|CREATE|DROP|ALTER|FROM|WHERE|LIMIT|OFFSET|VALUES|RETURNING)\b/;
const RUNS_SQL = /\.query\s*[<(]|createQueryBuilder\(/;

const ROOT = join(__dirname, '..', '..', '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

/** `${…}` expressions inside the SQL template literals of `source`, with their line. */
function sqlInterpolations(source: string): { line: number; expression: string }[] {
  const found: { line: number; expression: string }[] = [];
  for (const literal of source.matchAll(/`(?:[^`\\]|\\.)*`/g)) {
    const text = literal[0];
    if (!SQL_WORDS.test(text.replace(/\$\{[^}]*\}/g, ''))) continue;
    for (const match of text.matchAll(/\$\{([^}]*)\}/g)) {
      const offset = (literal.index ?? 0) + (match.index ?? 0);
      found.push({
        line: source.slice(0, offset).split('\n').length,
        expression: match[1].trim(),
      });
    }
  }
  return found;
}

const unvetted = (expression: string): boolean =>
  !VETTED.some((pattern) => pattern.test(expression));

describe('SQL is parameterised', () => {
  const files = [
    ...sourceFiles(join(ROOT, 'src')),
    ...sourceFiles(join(ROOT, 'migrations')),
  ].filter((file) => RUNS_SQL.test(readFileSync(file, 'utf8')));

  it('finds every file that runs SQL: repositories, the database admin, migrations', () => {
    const names = files.map((file) => relative(ROOT, file));
    expect(names).toEqual(
      expect.arrayContaining([
        'src/modules/articles/articles.repository.ts',
        'src/modules/users/users.repository.ts',
        'src/infrastructure/events/outbox.repository.ts',
        'src/infrastructure/database/database-admin.ts',
      ]),
    );
    expect(names.filter((name) => name.startsWith('migrations/')).length).toBeGreaterThan(3);
  });

  it('interpolates only constant fragments, placeholders and quoted identifiers, never values', () => {
    const found = files.flatMap((file) =>
      sqlInterpolations(readFileSync(file, 'utf8'))
        .filter(({ expression }) => unvetted(expression))
        .map(({ line, expression }) => `${relative(ROOT, file)}:${line} \${${expression}}`),
    );
    expect(found).toEqual([]);
  });

  it.each([
    ['a value', 'await em.query(`SELECT * FROM users WHERE username = ${username}`);', 'username'],
    ['a number', 'await q(`SELECT id FROM articles LIMIT ${limit} OFFSET ${offset}`);', 'limit'],
    ['a value on a later line', 'q(`SELECT id\n FROM users\n WHERE id = ${user.id}`)', 'user.id'],
  ])('would catch %s interpolated into SQL', (_, source, expression) => {
    const caught = sqlInterpolations(source).filter((found) => unvetted(found.expression));
    expect(caught.map((found) => found.expression)).toContain(expression);
  });

  it('leaves template literals that are not SQL alone', () => {
    expect(sqlInterpolations('url.pathname = `/${encodeURIComponent(database)}`;')).toEqual([]);
  });
});
