/**
 * The patched embedded FerretDB (server/db/ferretdb-patches.ts): lookups by _id go through the
 * _id index, and they still find exactly the document asked for, whatever its _id looks like.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Types, type Connection } from 'mongoose';
import { applyFerretDbPatches, FERRETDB_PATCHES } from '../server/db/ferretdb-patches';
import { connectTestDatabase, dropTestDatabase } from './support/test-database';

let db: Connection;
beforeAll(async () => {
  db = await connectTestDatabase('embedded_db');
});
afterAll(() => dropTestDatabase(db));

const isFerretDb = async () => 'ferretdbVersion' in (await db.db!.admin().command({ buildInfo: 1 }));

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
  if (!(await isFerretDb())) return; // MongoDB's planner needs no help
  const collection = db.collection<{ _id: string }>('indexed_ids');
  await collection.insertMany(Array.from({ length: 50 }, (_, n) => ({ _id: `case-${n}` })));
  const explained = await db.db!.command({ explain: { find: 'indexed_ids', filter: { _id: 'case-7' } } });
  const plan = JSON.stringify(explained.queryPlanner);
  expect(plan).toMatch(/SEARCH .* USING INDEX/);
  expect(plan).not.toMatch(/SCAN/);
});

describe('applying the FerretDB patches to a module tree', () => {
  const copyOfUpstream = (texts: string[]) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ferretdb-patch-'));
    FERRETDB_PATCHES.forEach((patch, index) => {
      fs.mkdirSync(path.dirname(path.join(dir, patch.file)), { recursive: true });
      fs.writeFileSync(path.join(dir, patch.file), `package x\n\nconst (\n\t${texts[index]}\n)\n`, {
        mode: 0o444,
      });
    });
    return dir;
  };

  test('replaces the upstream text, even in read-only files as Go keeps them', () => {
    const dir = copyOfUpstream(FERRETDB_PATCHES.map((patch) => patch.upstream));
    applyFerretDbPatches(dir);
    for (const patch of FERRETDB_PATCHES) {
      const source = fs.readFileSync(path.join(dir, patch.file), 'utf8');
      expect(source).toContain(patch.patched);
      expect(source).not.toContain(patch.upstream);
    }
  });

  test('refuses to build when upstream code moved (a version bump), naming the file', () => {
    const dir = copyOfUpstream(FERRETDB_PATCHES.map(() => 'IDColumn = somethingElse'));
    expect(() => applyFerretDbPatches(dir)).toThrow(/does not apply.*found it 0 times/);
    expect(() => applyFerretDbPatches(dir)).toThrow(FERRETDB_PATCHES[0]!.file);
  });
});
