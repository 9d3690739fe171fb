/**
 * Makes sure the embedded database binary exists, building it from the Go module registry the
 * first time. The build is keyed by the wrapper's sources, so a version bump rebuilds it, and a
 * copy is kept in the user's cache so fresh clones on the same machine (CI) reuse it.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  FERRETDB_OVERLAY_DIR,
  FERRETDB_PATCHES,
  listOverlayFiles,
  preparePatchedFerretDb,
} from './ferretdb-patches';

export const FERRETDB_VERSION = 'v1.24.2';
const PROJECT_ROOT = path.resolve(__dirname, '..', '..');
const WRAPPER_DIR = path.join(PROJECT_ROOT, 'tools', 'ferretdb');
const PROJECT_BINARY = path.join(PROJECT_ROOT, '.tools', 'bin', 'ferretdb');

export class DatabaseSetupError extends Error {}

export const NO_DATABASE_MESSAGE =
  'No database available: MONGODB_URI is not set, and Go is not installed to build the embedded database.\n' +
  'Fix it in one of two ways:\n' +
  '  1. install Go 1.22 or newer (e.g. `apt-get install golang`), then run `npm start` again: the embedded\n' +
  '     FerretDB is built once into .tools/bin; or\n' +
  '  2. set MONGODB_URI to a MongoDB 6+ server, e.g. MONGODB_URI=mongodb://127.0.0.1:27017/mwr12314';

function sourcesDigest(): string {
  const hash = createHash('sha256');
  for (const file of ['go.mod', 'go.sum', 'main.go'])
    hash.update(fs.readFileSync(path.join(WRAPPER_DIR, file)));
  hash.update(JSON.stringify(FERRETDB_PATCHES));
  for (const file of listOverlayFiles()) {
    hash.update(file);
    hash.update(fs.readFileSync(path.join(FERRETDB_OVERLAY_DIR, file)));
  }
  return hash.digest('hex').slice(0, 16);
}

/** Where the binary lives; tests point these elsewhere. */
export interface BinaryLocations {
  projectBinary: string;
  cacheRoot: string;
  goCommand: string;
}

const DEFAULT_LOCATIONS: BinaryLocations = {
  projectBinary: PROJECT_BINARY,
  cacheRoot: process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'),
  goCommand: 'go',
};

function userCacheBinary(cacheRoot: string, digest: string): string {
  return path.join(cacheRoot, 'mwr12314', `ferretdb-${FERRETDB_VERSION}-${digest}`, 'ferretdb');
}

/** Where a build of the current wrapper sources is kept for other clones on the machine. */
export function findCachedBinaryPath(cacheRoot: string): string {
  return userCacheBinary(cacheRoot, sourcesDigest());
}

function hasGo(goCommand: string): boolean {
  return spawnSync(goCommand, ['version'], { stdio: 'ignore' }).status === 0;
}

function copyExecutable(from: string, to: string): void {
  fs.mkdirSync(path.dirname(to), { recursive: true });
  const partial = `${to}.${process.pid}.partial`;
  fs.copyFileSync(from, partial);
  fs.chmodSync(partial, 0o755);
  fs.renameSync(partial, to); // atomic: a concurrent start never sees half a binary
}

function runGoBuild(goCommand: string, output: string, log: (message: string) => void): Promise<void> {
  const sourceDir = `${output}.src`;
  let modFile: string;
  try {
    modFile = preparePatchedFerretDb(goCommand, WRAPPER_DIR, sourceDir);
  } catch (error) {
    return Promise.reject(new DatabaseSetupError((error as Error).message));
  }
  return new Promise<void>((resolve, reject) => {
    const started = Date.now();
    const args = ['build', '-mod=readonly', `-modfile=${modFile}`, '-trimpath', '-o', output, '.'];
    const child = spawn(goCommand, args, { cwd: WRAPPER_DIR, stdio: ['ignore', 'inherit', 'inherit'] });
    const ticker = setInterval(
      () => log(`  still building FerretDB… ${Math.round((Date.now() - started) / 1000)} s`),
      15_000,
    );
    child.on('error', (error) => {
      clearInterval(ticker);
      reject(new DatabaseSetupError(`could not run go: ${error.message}`));
    });
    child.on('exit', (code) => {
      clearInterval(ticker);
      if (code === 0) {
        log(`FerretDB ${FERRETDB_VERSION} built in ${Math.round((Date.now() - started) / 1000)} s.`);
        resolve();
      } else reject(new DatabaseSetupError(`building FerretDB failed (go build exited with ${code})`));
    });
  }).finally(() => fs.rmSync(sourceDir, { recursive: true, force: true }));
}

/** Returns the path of a runnable FerretDB binary, building it if needed. */
export async function ensureFerretDbBinary(
  log: (message: string) => void,
  where: BinaryLocations = DEFAULT_LOCATIONS,
): Promise<string> {
  const { projectBinary, goCommand } = where;
  const digest = sourcesDigest();
  const stampFile = `${projectBinary}.stamp`;
  const stamp = fs.existsSync(stampFile) ? fs.readFileSync(stampFile, 'utf8') : '';
  if (fs.existsSync(projectBinary) && stamp === digest) return projectBinary;

  const cached = userCacheBinary(where.cacheRoot, digest);
  if (!fs.existsSync(cached)) {
    if (!hasGo(goCommand)) throw new DatabaseSetupError(NO_DATABASE_MESSAGE);
    log(
      `Building the embedded database (FerretDB ${FERRETDB_VERSION}) from the Go module registry. ` +
        'This happens once and takes a few minutes…',
    );
    const built = path.join(path.dirname(projectBinary), `ferretdb.${process.pid}.build`);
    fs.mkdirSync(path.dirname(built), { recursive: true });
    await runGoBuild(goCommand, built, log);
    copyExecutable(built, cached);
    fs.rmSync(built, { force: true });
  }
  copyExecutable(cached, projectBinary);
  fs.writeFileSync(stampFile, digest);
  return projectBinary;
}
