/**
 * `npm run client:generate`: writes clients/openapi.json (the API description) and
 * clients/typescript/schema.d.ts (the typed client's types) from the controllers and DTOs.
 * `npm run client:check` (`-- --check`) changes nothing and fails when either file is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import {
  CLIENT_TYPES_FILE,
  clientTypesText,
  describeApi,
  DOCUMENT_FILE,
  documentText,
} from './api-document';

function current(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

async function main(): Promise<number> {
  const check = process.argv.includes('--check');
  const document = await describeApi();
  const outputs = [
    [DOCUMENT_FILE, documentText(document)],
    [CLIENT_TYPES_FILE, await clientTypesText(document)],
  ] as const;
  let stale = 0;
  for (const [file, text] of outputs) {
    const name = relative(process.cwd(), file);
    if (current(file) === text) {
      console.log(`${name}: current`);
    } else if (check) {
      stale++;
      console.error(`${name}: stale; run npm run client:generate and commit the result`);
    } else {
      writeFileSync(file, text);
      console.log(`${name}: written`);
    }
  }
  return stale === 0 ? 0 : 1;
}

// Exits explicitly: the preview application leaves handles open that nothing will use.
main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
