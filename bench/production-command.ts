import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from './provision/paths';

/** How production starts the API: the variables, node's flags and the entry point. */
export interface ProductionCommand {
  env: Record<string, string>;
  nodeFlags: string[];
  entry: string;
}

/**
 * `npm run start:prod` taken apart (`NAME=value … node --flag … dist/main.js`), so that the
 * bench runs the API with production's V8 and malloc settings (README, "Memory") and cannot
 * drift from them. The Dockerfile and the Kubernetes manifests repeat them (test/k8s-manifests).
 */
export function productionCommand(): ProductionCommand {
  const manifest: unknown = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8'));
  const script = scriptOf(manifest, 'start:prod');
  const words = script.trim().split(/\s+/);
  const env: Record<string, string> = {};
  let index = 0;
  for (; index < words.length && /^[A-Z_][A-Z0-9_]*=/.test(words[index]); index += 1) {
    const [name, ...value] = words[index].split('=');
    env[name] = value.join('=');
  }
  const [node, ...rest] = words.slice(index);
  const entry = rest.pop();
  if (node !== 'node' || entry === undefined || rest.some((word) => !word.startsWith('--'))) {
    throw new Error(`start:prod is not "[NAME=value …] node [--flag …] <entry>": ${script}`);
  }
  return { env, nodeFlags: rest, entry };
}

function scriptOf(manifest: unknown, name: string): string {
  if (typeof manifest === 'object' && manifest !== null && 'scripts' in manifest) {
    const { scripts } = manifest;
    if (typeof scripts === 'object' && scripts !== null && name in scripts) {
      const script: unknown = Reflect.get(scripts, name);
      if (typeof script === 'string') return script;
    }
  }
  throw new Error(`package.json has no "${name}" script`);
}
