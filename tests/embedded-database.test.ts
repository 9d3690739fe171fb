/**
 * The patched embedded FerretDB (server/db/ferretdb-patches.ts): lookups by _id go through the
 * _id index, and they still find exactly the document asked for, whatever its _id looks like.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Types, type Connection } from 'mongoose';
import {
  applyFerretDbPatches,
  FERRETDB_PATCHES,
  listOverlayFiles,
  parsePatch,
} from '../server/db/ferretdb-patches';
import { connectTestDatabase, dropTestDatabase, isFerretDb } from './support/test-database';

let db: Connection;
beforeAll(async () => {
  db = await connectTestDatabase('embedded_db');
});
afterAll(() => dropTestDatabase(db));

type AwkwardId = string | number | Types.ObjectId;
const awkwardIds: AwkwardId[] = [
  'plain',
  'with "quotes" and \\ backslash',
  '中文编号SL20261123000042',
  'emoji 💧 and <tags> & ampersand',
  new Types.ObjectId(),
  42,
];

test('find, update and delete by _id touch exactly the document named, whatever its _id', async () => {
  const collection = db.collection<{ _id: AwkwardId; n: number; state: string }>('awkward_ids');
  await collection.insertMany(awkwardIds.map((id, n) => ({ _id: id, n, state: 'new' })));
  for (const [n, id] of awkwardIds.entries()) {
    expect(await collection.findOne({ _id: id })).toMatchObject({ n });
    await collection.updateOne({ _id: id }, { $set: { state: `updated ${n}` } });
  }
  const states = (await collection.find().sort({ n: 1 }).toArray()).map((doc) => doc.state);
  expect(states).toEqual(awkwardIds.map((_, n) => `updated ${n}`));

  await collection.deleteOne({ _id: awkwardIds[1] });
  expect(await collection.countDocuments()).toBe(awkwardIds.length - 1);
  expect(await collection.findOne({ _id: awkwardIds[1] })).toBeNull();
});

test('on the embedded FerretDB, a lookup by _id searches the _id index instead of scanning', async () => {
  if (!(await isFerretDb(db))) return; // MongoDB's planner needs no help
  const collection = db.collection<{ _id: string }>('indexed_ids');
  await collection.insertMany(Array.from({ length: 50 }, (_, n) => ({ _id: `case-${n}` })));
  const explained = await db.db!.command({ explain: { find: 'indexed_ids', filter: { _id: 'case-7' } } });
  const plan = JSON.stringify(explained.queryPlanner);
  expect(plan).toMatch(/SEARCH .* USING INDEX/);
  expect(plan).not.toMatch(/SCAN/);
});

describe('applying the FerretDB patches to a module tree', () => {
  const patches = [
    parsePatch(
      '01-a.txt',
      'file: a/one.go\nwhy: x\n=== upstream\n\tID = "$._id"\n=== patched\n\tID = "_id"\n',
    ),
    parsePatch(
      '02-b.txt',
      'file: a/one.go\nwhy: y\n=== upstream\nfunc f() {\n\treturn\n}\n=== patched\nfunc f() {\n\tg()\n}\n',
    ),
  ];
  const overlay = fs.mkdtempSync(path.join(os.tmpdir(), 'ferretdb-overlay-'));
  fs.mkdirSync(path.join(overlay, 'a', 'b'), { recursive: true });
  fs.writeFileSync(path.join(overlay, 'a', 'b', 'added.go'), 'package b\n');

  const moduleWith = (source: string) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ferretdb-patch-'));
    fs.mkdirSync(path.join(dir, 'a', 'b'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'a', 'one.go'), source, { mode: 0o444 });
    return dir;
  };

  test('the shipped patches and overlay files are well formed', () => {
    expect(FERRETDB_PATCHES.length).toBeGreaterThan(1);
    for (const patch of FERRETDB_PATCHES) expect(patch.patched).not.toEqual(patch.upstream);
    expect(listOverlayFiles()).toEqual(
      expect.arrayContaining(['internal/backends/sqlite/mwr_keyed_query.go']),
    );
  });

  test('replaces each upstream text verbatim, even in read-only files as Go keeps them, and adds the overlay', () => {
    const dir = moduleWith('package a\n\nconst (\n\tID = "$._id"\n)\n\nfunc f() {\n\treturn\n}\n');
    applyFerretDbPatches(dir, patches, overlay);
    expect(fs.readFileSync(path.join(dir, 'a', 'one.go'), 'utf8')).toBe(
      'package a\n\nconst (\n\tID = "_id"\n)\n\nfunc f() {\n\tg()\n}\n',
    );
    expect(fs.readFileSync(path.join(dir, 'a', 'b', 'added.go'), 'utf8')).toBe('package b\n');
  });

  test('refuses to build when upstream code moved (a version bump), naming the patch and file', () => {
    const dir = moduleWith('package a\n\nconst ID = somethingElse\n');
    expect(() => applyFerretDbPatches(dir, patches, overlay)).toThrow(
      /patch 01-a.txt for a\/one.go does not apply.*found it 0 times/,
    );
  });

  test('refuses an overlay file that upstream now has', () => {
    const dir = moduleWith('package a\n\nconst (\n\tID = "$._id"\n)\n\nfunc f() {\n\treturn\n}\n');
    fs.writeFileSync(path.join(dir, 'a', 'b', 'added.go'), 'package b // upstream\n');
    expect(() => applyFerretDbPatches(dir, patches, overlay)).toThrow(/a\/b\/added.go does not apply/);
  });
});
