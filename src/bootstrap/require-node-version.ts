/**
 * Imported first by every entry point. On an older Node.js the app does not fail cleanly: Nest 12
 * is ESM loaded through require(esm), and the native modules are built for Node 24, so Node 20
 * ended in a segmentation fault with no message. Say what is wrong and stop instead.
 */
const MINIMUM = [24, 9] as const;

const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
if (major < MINIMUM[0] || (major === MINIMUM[0] && minor < MINIMUM[1])) {
  process.stderr.write(
    `conduit-api needs Node.js ${MINIMUM.join('.')} or newer; this is ${process.version} (${process.execPath}). See "Quick start" in README.md.\n`,
  );
  process.exit(1);
}
