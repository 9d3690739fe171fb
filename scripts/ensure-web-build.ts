/**
 * Runs before `npm start`: builds the H5 web app when it is missing or older than its sources, so
 * a fresh clone shows the app at http://localhost:3000 after `npm install && npm start`. A failed
 * build does not stop the server (the API and the WeChat callback do not need it); the server then
 * answers `/` with a page that says the web app is not built.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const PROJECT_ROOT = path.resolve(__dirname, '..');
const MINIPROGRAM = path.join(PROJECT_ROOT, 'miniprogram');
const BUILT_INDEX = path.join(MINIPROGRAM, 'dist-h5', 'index.html');
const SOURCES = ['src', 'config', 'package.json', 'babel.config.js'].map((entry) =>
  path.join(MINIPROGRAM, entry),
);

function newestChange(entry: string): number {
  const stat = fs.statSync(entry, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  return fs
    .readdirSync(entry)
    .reduce((newest, name) => Math.max(newest, newestChange(path.join(entry, name))), stat.mtimeMs);
}

function isBuildCurrent(): boolean {
  const built = fs.statSync(BUILT_INDEX, { throwIfNoEntry: false });
  return built !== undefined && built.mtimeMs >= Math.max(...SOURCES.map(newestChange));
}

function main(): void {
  if (process.env.WEB_ROOT) return; // someone else builds and places the app
  if (isBuildCurrent()) return;
  console.log('web app: building the H5 app once (about 30 s; later starts skip this)…');
  const build = spawnSync('npm', ['run', 'build:h5', '-w', 'miniprogram', '--silent'], {
    cwd: PROJECT_ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (build.status === 0) console.log('web app: built into miniprogram/dist-h5');
  else console.error('web app: the H5 build failed (see above); the server starts without it');
}

main();
