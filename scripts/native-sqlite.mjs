// better-sqlite3 is a native module: Node (tests, CLI, browser mode) and Electron (the app)
// need builds for different ABIs. Rebuilding in place would make whichever ran last break the
// other, so each runtime gets its own copy under .native/<runtime>-<abi>/ and the database
// opener picks the one matching the running process (see electron/main/db/native-binding.ts).
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const runtime = process.argv[2] ?? 'node';
const quiet = process.argv.includes('--quiet');
const log = (msg) => quiet || console.error(`[native-sqlite] ${msg}`);
const packageDir = dirname(require.resolve('better-sqlite3/package.json'));
const builtBinary = join(packageDir, 'build', 'Release', 'better_sqlite3.node');

function loadsUnderNode(binaryPath) {
  const probe = `const D=require(${JSON.stringify(join(packageDir, 'lib', 'index.js'))});` +
    `new D(':memory:',{nativeBinding:${JSON.stringify(binaryPath)}}).close()`;
  return spawnSync(process.execPath, ['-e', probe], { stdio: 'ignore' }).status === 0;
}

function cacheFor(name) {
  const dir = join(root, '.native', name);
  mkdirSync(dir, { recursive: true });
  return join(dir, 'better_sqlite3.node');
}

if (runtime === 'node') {
  const target = cacheFor(`node-${process.versions.modules}`);
  if (existsSync(target) && loadsUnderNode(target)) process.exit(0);
  if (!(existsSync(builtBinary) && loadsUnderNode(builtBinary))) {
    log(`building better-sqlite3 for Node ${process.version} (ABI ${process.versions.modules})…`);
    execFileSync('npm', ['rebuild', 'better-sqlite3', '--build-from-source'], { cwd: root, stdio: quiet ? 'ignore' : 'inherit' });
  }
  copyFileSync(builtBinary, target);
  log(`Node build cached at ${target}`);
} else if (runtime === 'electron') {
  let electronVersion;
  try {
    electronVersion = require('electron/package.json').version;
  } catch {
    console.error('[native-sqlite] electron is not installed; run `npm install` first.');
    process.exit(1);
  }
  const target = cacheFor(`electron-${electronVersion}`);
  if (existsSync(target)) process.exit(0);
  log(`building better-sqlite3 for Electron ${electronVersion}…`);
  // Keep a Node copy first, so restoring node_modules afterwards needs no second compile.
  const nodeTarget = cacheFor(`node-${process.versions.modules}`);
  if (!existsSync(nodeTarget) && existsSync(builtBinary) && loadsUnderNode(builtBinary)) copyFileSync(builtBinary, nodeTarget);
  execFileSync('npx', ['electron-rebuild', '-f', '-o', 'better-sqlite3', '-v', electronVersion], { cwd: root, stdio: 'inherit' });
  copyFileSync(builtBinary, target);
  // Leave node_modules usable for Node again; the Electron copy lives in .native/.
  const nodeCopy = join(root, '.native', `node-${process.versions.modules}`, 'better_sqlite3.node');
  if (existsSync(nodeCopy)) copyFileSync(nodeCopy, builtBinary);
  else execFileSync('npm', ['rebuild', 'better-sqlite3'], { cwd: root, stdio: quiet ? 'ignore' : 'inherit' });
  log(`Electron build cached at ${target}`);
} else {
  console.error(`[native-sqlite] unknown runtime "${runtime}" (expected node or electron)`);
  process.exit(2);
}
