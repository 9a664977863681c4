// `npm start`: the desktop app where Electron's binary is installed, otherwise browser mode (`npm run web`).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const webOnly = args.includes('--web');
const passThrough = args.filter((a) => a !== '--web');

if (!existsSync(path.join(root, 'out', 'main', 'web.js'))) {
  console.log('Building the app once (npm run build)…');
  const r = spawnSync(process.execPath, [path.join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

function electronBinary() {
  try {
    const require = createRequire(import.meta.url);
    const bin = require('electron'); // throws when the binary was never downloaded
    return typeof bin === 'string' && existsSync(bin) ? bin : null;
  } catch {
    return null;
  }
}

const electron = webOnly ? null : electronBinary();
if (!webOnly && !electron) {
  console.log(
    'Electron is not installed here (its binary is downloaded at install time, and this install was offline): starting browser mode instead.',
  );
}
const [cmd, cmdArgs] = electron
  ? [electron, [root, ...passThrough]]
  : [process.execPath, [path.join(root, 'out', 'main', 'web.js'), ...passThrough]];
const child = spawn(cmd, cmdArgs, { cwd: root, stdio: 'inherit' });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code) => process.exit(code ?? 0));
