/**
 * The embedded FerretDB decodes stored documents with a one-pass decoder of ours
 * (tools/ferretdb-overlay/internal/handler/sjson/mwr_fast_unmarshal.go) instead of upstream's.
 * Documents of every BSON type must come back exactly as they were stored; the test database runs
 * with MWR_SJSON_CHECK=1, so each read is also decoded by upstream's decoder and compared. The Go
 * tests beside the decoder compare the two on random and damaged documents.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mongo, type Connection } from 'mongoose';
import { preparePatchedFerretDb } from '../server/db/ferretdb-patches';
import { connectTestDatabase, dropTestDatabase, isFerretDb } from './support/test-database';

const { BSON, Binary, BSONRegExp, Double, Int32, Long, ObjectId, Timestamp } = mongo;

let db: Connection;
beforeAll(async () => {
  db = await connectTestDatabase('document_decoder');
});
afterAll(() => dropTestDatabase(db));

const awkwardStrings = [
  '',
  '河道采砂',
  'quotes " and \\ backslash / slash',
  'line\nbreak\ttab\rreturn',
  '<script>&amp;</script>',
  '\u2028\u2029 separators',
  'emoji 💧🌊 and 𠀀',
  'nul \u0000 inside',
  'control \u0001\u001f chars',
  '长'.repeat(3000),
];

function everyType(n: number) {
  return {
    _id: new ObjectId(),
    n: new Int32(n),
    // Not -0: FerretDB 1.24 stores it as 0, with upstream's decoder too.
    doubles: [new Double(0), new Double(1.5), new Double(-1e300), new Double(5e-324)],
    wholeDouble: new Double(3),
    int32s: [new Int32(-2147483648), new Int32(2147483647)],
    longs: [
      Long.fromString('9223372036854775807'),
      Long.fromString('-9223372036854775808'),
      Long.fromNumber(2 ** 53 + 1),
    ],
    strings: awkwardStrings,
    bool: n % 2 === 0,
    dates: [
      new Date(0),
      new Date(-62135596800000),
      new Date(253402300799999),
      new Date('2026-11-23T02:00:00.123Z'),
    ],
    nothing: null,
    binary: new Binary(Buffer.from([0, 1, 2, 255]), 0),
    userBinary: new Binary(Buffer.from('sealed'), 128),
    emptyBinary: new Binary(Buffer.alloc(0), 0),
    regex: new BSONRegExp('^SL\\d+"$', 'im'),
    timestamp: new Timestamp({ t: 1_700_000_000, i: 7 }),
    nested: { deeper: { deepest: { 中文键: '值', 'with space': [new Int32(1), { a: null }] } }, empty: {} },
    emptyArray: [],
    // FerretDB 1.x refuses arrays directly inside arrays; documents in arrays hold them.
    mixedArray: [{ inner: [] }, { inner: [new Int32(n), 'two'] }, null, 'mixed', new Double(0.5)],
  };
}

test('documents of every BSON type come back exactly as they were stored', async () => {
  const collection = db.collection('every_type');
  const originals = Array.from({ length: 30 }, (_, n) => everyType(n));
  await collection.insertMany(originals.map((doc) => ({ ...doc })));

  const stored = await collection
    .find({}, { promoteValues: false, promoteLongs: false })
    .sort({ n: 1 })
    .toArray();
  expect(stored).toHaveLength(originals.length);
  for (const [i, doc] of stored.entries()) {
    expect(Buffer.from(BSON.serialize(doc)).equals(Buffer.from(BSON.serialize(originals[i]!)))).toBe(true);
  }

  // Filters, projections and updates read the same decoded documents.
  const strings = await collection.findOne({ strings: 'nul \u0000 inside', n: new Int32(4) });
  expect(strings?.strings).toEqual(awkwardStrings);
  await collection.updateOne({ n: new Int32(5) }, { $set: { 'nested.deeper.added': '新加的' } });
  const updated = await collection.findOne({ n: new Int32(5) }, { projection: { nested: 1 } });
  expect(updated?.nested.deeper).toMatchObject({ added: '新加的', deepest: { 中文键: '值' } });
});

test('the decoder agrees with upstream on random and damaged documents (its Go tests)', async () => {
  if (!(await isFerretDb(db))) return; // only the embedded build has the decoder
  const go = spawnSync('go', ['version']);
  expect(go.status).toBe(0); // the embedded database is built with Go, so it is there
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mwr-sjson-test-'));
  try {
    preparePatchedFerretDb('go', path.resolve(__dirname, '..', 'tools', 'ferretdb'), workDir);
    const moduleDir = path.join(
      workDir,
      fs.readdirSync(workDir).find((name) => name.startsWith('FerretDB@'))!,
    );
    fs.mkdirSync(path.join(moduleDir, '.git')); // upstream's test helpers look for the repository root
    const run = spawnSync('go', ['test', './internal/handler/sjson/', '-run', 'Mwr', '-count=1'], {
      cwd: moduleDir,
      encoding: 'utf8',
      env: { ...process.env, GOFLAGS: '-mod=mod' },
    });
    expect(`${run.stdout}${run.stderr}`).toMatch(/^ok\s/m);
    expect(run.status).toBe(0);
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}, 300_000);
