// @ts-check
/**
 * `npx nest g feature <name>`: a feature module in the conventions of ../shared/ARCHITECTURE.md
 * (src/modules/<name>/ with module, controller, service, repository, entity, DTOs and a unit
 * spec; test/<name>.e2e-spec.ts; a migration creating the table), registered in AppModule.
 * Plain CommonJS so that the Nest CLI can run it straight after `npm install`.
 */
const { strings } = require('@angular-devkit/core');
const {
  apply,
  applyTemplates,
  chain,
  mergeWith,
  move,
  SchematicsException,
  url,
} = require('@angular-devkit/schematics');
const { ModuleDeclarator, ModuleFinder } = require('@nestjs/schematics');
const pluralize = require('pluralize');
const prettier = require('prettier');

/** Plural kebab-case: letters, digits and dashes, starting with a letter. */
const FEATURE_NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/**
 * @param {string} raw
 * @returns {Record<string, string>}
 */
function namesOf(raw) {
  const name = strings.dasherize(raw);
  if (!FEATURE_NAME.test(name)) {
    throw new SchematicsException(
      `"${raw}" is not a feature name: use plural kebab-case letters and digits, such as widgets or price-lists`,
    );
  }
  const singular = pluralize.singular(name);
  if (singular === name) {
    throw new SchematicsException(
      `"${raw}" should be plural (its route and table are): such as ${pluralize.plural(name)}`,
    );
  }
  return { name, singular, table: strings.underscore(name) };
}

/** @param {{ name: string, skipImport?: boolean }} options */
function feature(options) {
  const names = namesOf(options.name);
  const moduleDir = `src/modules/${names.name}`;
  const timestamp = Date.now();
  return chain([
    (tree) => {
      if (tree.exists(`${moduleDir}/${names.name}.module.ts`)) {
        throw new SchematicsException(`${moduleDir} already exists`);
      }
      return tree;
    },
    mergeWith(
      apply(url('./files'), [applyTemplates({ ...strings, ...names, timestamp }), move('.')]),
    ),
    (tree) => {
      if (options.skipImport) return tree;
      // From the folder above the new one: the new module must not find itself.
      const modulePath = new ModuleFinder(tree).find({ name: names.name, path: 'src/modules' });
      if (!modulePath) throw new SchematicsException('no AppModule found above src/modules');
      const content = tree.readText(modulePath);
      tree.overwrite(
        modulePath,
        new ModuleDeclarator().declare(content, {
          name: names.name,
          path: moduleDir,
          module: modulePath,
          type: 'module',
          metadata: 'imports',
          symbol: `${strings.classify(names.name)}Module`,
        }),
      );
      return tree;
    },
    formatCreated([moduleDir, 'test', 'migrations']),
  ]);
}

/**
 * Formats the new files with the project's Prettier settings, so that the feature passes
 * `npm run lint` as generated.
 * @param {string[]} folders
 * @returns {import('@angular-devkit/schematics').Rule}
 */
function formatCreated(folders) {
  return async (tree) => {
    const created = tree.actions
      .filter((action) => action.kind === 'c' && action.path.endsWith('.ts'))
      .map((action) => action.path.replace(/^\//, ''))
      .filter((path) => folders.some((folder) => path.startsWith(`${folder}/`)));
    for (const path of created) {
      const config = (await prettier.resolveConfig(path)) ?? {};
      tree.overwrite(
        path,
        await prettier.format(tree.readText(path), { ...config, filepath: path }),
      );
    }
    return tree;
  };
}

module.exports = { feature };
