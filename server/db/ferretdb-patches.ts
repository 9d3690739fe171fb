/**
 * Our changes to upstream FerretDB v1.24.2, applied to a copy of its module source before the
 * embedded database is built (docs/ferretdb.md, "Patched"):
 * - tools/ferretdb-patches/*.txt each replace an exact text that must occur once in an upstream
 *   file, so a version bump that moves the code fails the build loudly instead of building
 *   something unpatched;
 * - tools/ferretdb-overlay/ holds whole files added to the module at the same paths.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const FERRETDB_MODULE = 'github.com/FerretDB/FerretDB';
const TOOLS_DIR = path.resolve(__dirname, '..', '..', 'tools');
export const FERRETDB_PATCH_DIR = path.join(TOOLS_DIR, 'ferretdb-patches');
export const FERRETDB_OVERLAY_DIR = path.join(TOOLS_DIR, 'ferretdb-overlay');

export interface SourcePatch {
  name: string;
  /** Path inside the FerretDB module. */
  file: string;
  why: string;
  upstream: string;
  patched: string;
}

/**
 * Reads one patch file: `file:` and `why:` lines, then the upstream text after a line
 * `=== upstream` and the replacement after a line `=== patched`, both verbatim (Go's tabs kept).
 */
export function parsePatch(name: string, text: string): SourcePatch {
  const match = /^file: (.+)\nwhy: (.+)\n=== upstream\n([\s\S]*?)\n=== patched\n([\s\S]*?)\n?$/.exec(text);
  if (!match)
    throw new Error(
      `FerretDB patch ${name} is not in the expected form (file:, why:, === upstream, === patched)`,
    );
  const [, file, why, upstream, patched] = match;
  return { name, file: file!, why: why!, upstream: upstream!, patched: patched! };
}

function loadPatches(dir: string): SourcePatch[] {
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.txt'))
    .sort()
    .map((name) => parsePatch(name, fs.readFileSync(path.join(dir, name), 'utf8')));
}

export const FERRETDB_PATCHES: readonly SourcePatch[] = loadPatches(FERRETDB_PATCH_DIR);

/** Every file of the overlay, as paths relative to the module root. */
export function listOverlayFiles(overlayDir = FERRETDB_OVERLAY_DIR): string[] {
  return fs
    .readdirSync(overlayDir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(overlayDir, path.join(entry.parentPath, entry.name)))
    .sort();
}

/**
 * Applies the patches and adds the overlay's files to one module tree; throws when upstream no
 * longer has a patch's text once, or already has a file the overlay would add.
 */
export function applyFerretDbPatches(
  moduleDir: string,
  patches: readonly SourcePatch[] = FERRETDB_PATCHES,
  overlayDir = FERRETDB_OVERLAY_DIR,
): void {
  for (const patch of patches) {
    const file = path.join(moduleDir, patch.file);
    const source = fs.readFileSync(file, 'utf8');
    const occurrences = source.split(patch.upstream).length - 1;
    if (occurrences !== 1) {
      throw new Error(
        `FerretDB patch ${patch.name} for ${patch.file} does not apply: expected its upstream text once, found it ${occurrences} times`,
      );
    }
    fs.chmodSync(file, 0o644); // Go keeps module files read-only
    fs.writeFileSync(
      file,
      source.replace(patch.upstream, () => patch.patched),
    );
  }
  for (const relative of listOverlayFiles(overlayDir)) {
    const target = path.join(moduleDir, relative);
    if (fs.existsSync(target)) {
      throw new Error(`FerretDB overlay file ${relative} does not apply: upstream already has it`);
    }
    fs.copyFileSync(path.join(overlayDir, relative), target);
  }
}

function makeWritable(dir: string): void {
  fs.chmodSync(dir, 0o755);
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const entryPath = path.join(dir, entry.name);
    if (entry.isDirectory()) makeWritable(entryPath);
    else fs.chmodSync(entryPath, 0o644);
  }
}

/**
 * Copies the pinned FerretDB module out of Go's module cache (downloading it, checked against
 * go.sum, if needed), patches the copy, and writes a go.mod/go.sum pair that builds the wrapper
 * against it. Returns the go.mod to pass as `-modfile`.
 */
export function preparePatchedFerretDb(goCommand: string, wrapperDir: string, workDir: string): string {
  const download = spawnSync(goCommand, ['mod', 'download', '-json', FERRETDB_MODULE], {
    cwd: wrapperDir,
    encoding: 'utf8',
  });
  const info =
    download.status === 0 ? (JSON.parse(download.stdout) as { Dir?: string; Version?: string }) : {};
  if (!info.Dir) {
    throw new Error(
      `could not fetch the FerretDB module source: ${download.stderr || download.stdout}`.trim(),
    );
  }
  const moduleDir = path.join(workDir, `FerretDB@${info.Version}`);
  fs.rmSync(workDir, { recursive: true, force: true });
  fs.mkdirSync(workDir, { recursive: true });
  fs.cpSync(info.Dir, moduleDir, { recursive: true });
  makeWritable(moduleDir); // copied read-only from the module cache; we patch it and remove it later
  applyFerretDbPatches(moduleDir);

  const goMod = fs.readFileSync(path.join(wrapperDir, 'go.mod'), 'utf8');
  const modFile = path.join(workDir, 'go.mod');
  fs.writeFileSync(modFile, `${goMod.trimEnd()}\n\nreplace ${FERRETDB_MODULE} => ${moduleDir}\n`);
  fs.copyFileSync(path.join(wrapperDir, 'go.sum'), path.join(workDir, 'go.sum'));
  return modFile;
}
