/**
 * Our changes to upstream FerretDB v1.24.2, applied to a copy of its module source before the
 * embedded database is built (docs/ferretdb.md, "Patched"). Each one replaces an exact text that
 * must occur once in the upstream file, so a version bump that moves the code fails the build
 * loudly instead of building something unpatched.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const FERRETDB_MODULE = 'github.com/FerretDB/FerretDB';

interface SourcePatch {
  /** Path inside the FerretDB module. */
  file: string;
  why: string;
  upstream: string;
  patched: string;
}

export const FERRETDB_PATCHES: readonly SourcePatch[] = [
  {
    file: 'internal/backends/sqlite/metadata/metadata.go',
    why:
      'The SQLite backend indexes _id as `_ferretdb_sjson->"_id"` but looks it up as ' +
      "`_ferretdb_sjson->'$._id'`; SQLite matches expression indexes by their text, so every find, " +
      'update and delete by _id scanned the whole table. Same value, the index expression spelling.',
    upstream: `IDColumn = DefaultColumn + "->'$._id'"`,
    patched: `IDColumn = DefaultColumn + "->'_id'"`,
  },
];

/** Applies the patches to one module tree; throws when upstream no longer has the expected text. */
export function applyFerretDbPatches(moduleDir: string): void {
  for (const patch of FERRETDB_PATCHES) {
    const file = path.join(moduleDir, patch.file);
    const source = fs.readFileSync(file, 'utf8');
    const occurrences = source.split(patch.upstream).length - 1;
    if (occurrences !== 1) {
      throw new Error(
        `FerretDB patch for ${patch.file} does not apply: expected its upstream text once, found it ${occurrences} times`,
      );
    }
    fs.chmodSync(file, 0o644); // Go keeps module files read-only
    fs.writeFileSync(file, source.replace(patch.upstream, patch.patched));
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
