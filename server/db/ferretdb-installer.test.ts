import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DatabaseSetupError, ensureFerretDbBinary, findCachedBinaryPath } from './ferretdb-installer';

const temp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'mwr12314-installer-'));
const quiet = () => undefined;

describe('ensureFerretDbBinary', () => {
  test('when there is no binary, no cached build and no Go, then it fails with one message naming both fixes', async () => {
    const where = {
      projectBinary: path.join(temp(), 'bin', 'ferretdb'),
      cacheRoot: temp(),
      goCommand: 'go-not-installed-here',
    };
    const failure = ensureFerretDbBinary(quiet, where);
    await expect(failure).rejects.toBeInstanceOf(DatabaseSetupError);
    await expect(failure).rejects.toThrow(/install Go[\s\S]*MONGODB_URI=mongodb:\/\//);
  });

  test('when another clone already built it, then the cached binary is reused without Go', async () => {
    const real = process.env.FERRETDB_BINARY;
    if (!real) throw new Error('FERRETDB_BINARY is set by the global setup');
    const cacheRoot = temp();
    const cached = findCachedBinaryPath(cacheRoot);
    fs.mkdirSync(path.dirname(cached), { recursive: true });
    fs.copyFileSync(real, cached);
    const first = path.join(temp(), 'bin', 'ferretdb');
    const seedWhere = { projectBinary: first, cacheRoot, goCommand: 'go-not-installed-here' };

    const binary = await ensureFerretDbBinary(quiet, seedWhere);
    expect(binary).toBe(first);
    expect(fs.statSync(binary).mode & 0o111).not.toBe(0);
    expect(fs.readFileSync(binary).equals(fs.readFileSync(real))).toBe(true);
  });
});
