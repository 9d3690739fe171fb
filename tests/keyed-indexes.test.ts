/**
 * The embedded FerretDB's keyed indexes (tools/ferretdb-overlay, docs/ferretdb.md "Patched")
 * serve filters and sorts from indexes. They must never change a result: every query here runs
 * on a collection with those indexes and on the same documents without any, and both answers
 * must be the same, documents and order, over awkward values of every type MongoDB sorts.
 */
import { Long, ObjectId, type Collection, type Document, type Filter, type Sort } from 'mongodb';
import type { Connection } from 'mongoose';
import { createRandom } from './support/seeded-random';
import { connectTestDatabase, dropTestDatabase, isFerretDb } from './support/test-database';

let db: Connection;
beforeAll(async () => {
  db = await connectTestDatabase('keyed_indexes');
});
afterAll(() => dropTestDatabase(db));

const MISSING = Symbol('missing');
const strings = [
  '',
  'a',
  'a b',
  'ab',
  'abc',
  'a"b',
  'a\\b',
  'a\u0000b',
  'b',
  'Z',
  '中文',
  '中',
  '💧',
  'received',
];
// No NaN: FerretDB 1.24 closes the connection on a NaN value, indexed or not.
const numbers = [
  0,
  -0,
  1,
  1.5,
  -3,
  2 ** 40,
  -(2 ** 52),
  Long.fromNumber(7),
  Long.fromString('9007199254740993'),
];
const dates = [
  new Date(0),
  new Date(-86_400_000),
  new Date('2026-01-01'),
  new Date('2026-11-23T02:00:00Z'),
  new Date('2300-01-01'),
];
const others = [
  true,
  false,
  null,
  new ObjectId('650000000000000000000001'),
  new ObjectId('6500000000000000000000ff'),
];
const scalars = [...strings, ...numbers, ...dates, ...others];

function buildDocument(random: ReturnType<typeof createRandom>, index: number): Document {
  const value = (pool: readonly unknown[]) => (random.next() < 0.1 ? MISSING : random.pick(pool));
  const doc: Document = { _id: new ObjectId(index.toString(16).padStart(24, '0')), i: index };
  const fields: [string, unknown][] = [
    ['s', value(random.next() < 0.5 ? strings : scalars)],
    ['n', value(random.next() < 0.7 ? numbers : scalars)],
    ['d', value(random.next() < 0.7 ? dates : scalars)],
  ];
  for (const [name, v] of fields) if (v !== MISSING) doc[name] = v;
  const nested = random.next();
  if (nested < 0.7) doc.nested = { k: random.pick(strings) };
  else if (nested < 0.8) doc.nested = 'not a document';
  else if (nested < 0.9) doc.nested = {};
  return doc;
}

const INDEXES: IndexKey[] = [
  { s: 1, _id: 1 },
  { n: -1, _id: 1 },
  { d: -1, _id: -1 },
  { 'nested.k': 1, d: 1, _id: 1 },
  { 'nested.k': -1, d: -1, _id: 1 },
  { 'nested.k': 1, d: -1, _id: -1 },
  { s: 1, n: -1, _id: -1 },
];

type IndexKey = Record<string, 1 | -1>;

/** The sorts an index may serve: its key, without its first field, both ways round. */
function sortsServedBy(index: IndexKey): (Sort | undefined)[] {
  const entries = Object.entries(index);
  const reversed = (list: [string, number][]) => list.map(([field, way]) => [field, -way]);
  return [
    undefined,
    Object.fromEntries(entries),
    Object.fromEntries(reversed(entries)),
    Object.fromEntries(entries.slice(1)),
    Object.fromEntries(reversed(entries.slice(1))),
  ] as Sort[];
}

function buildFilter(random: ReturnType<typeof createRandom>): Filter<Document> {
  const comparable = () => random.pick(scalars.filter((v) => v !== null));
  const templates: (() => Filter<Document>)[] = [
    () => ({}),
    () => ({ s: random.pick(scalars) }),
    () => ({ s: { $in: [random.pick(scalars)] } }),
    () => ({ s: { $in: [random.pick(scalars), random.pick(strings), random.pick(scalars)] } }),
    () => ({
      'nested.k': { $in: [random.pick(strings), random.pick(strings)] },
      d: { $gte: random.pick(dates) },
    }),
    () => ({
      s: { $in: [random.pick(strings), null] },
      n: { $in: [random.pick(numbers), random.pick(numbers)] },
    }),
    () => ({ s: { $gt: comparable() } }),
    () => ({ s: { $gte: random.pick(strings), $lt: random.pick(strings) } }),
    () => ({ n: { $lte: random.pick(numbers) } }),
    () => ({ n: { $gt: comparable(), $lt: comparable() } }),
    () => ({ d: { $gte: random.pick(dates) } }),
    () => ({ d: { $lt: random.pick(dates) } }),
    () => ({ 'nested.k': random.pick(strings), d: { $lt: random.pick(dates) } }),
    () => ({ 'nested.k': random.pick(strings) }),
    () => ({ $and: [{ s: random.pick(strings) }, { n: { $gt: comparable() } }] }),
    () => ({ s: random.pick(strings), n: { $gte: random.pick(numbers) } }),
    () => ({ s: random.pick(strings), n: { $lt: random.pick(numbers) } }),
    () => ({ 'nested.k': random.pick(strings), d: { $gte: random.pick(dates) } }),
    () => ({
      'nested.k': { $in: [random.pick(strings), random.pick(strings)] },
      d: { $lte: random.pick(dates) },
    }),
    () => ({ s: null }),
    () => ({ n: { $eq: random.pick(numbers) }, s: { $ne: 'a' } }),
  ];
  return random.pick(templates)();
}

async function answers(
  collection: Collection,
  filter: Filter<Document>,
  sort: Sort | undefined,
  limit: number,
) {
  const cursor = collection.find(filter, { projection: { _id: 1 } });
  if (sort) cursor.sort(sort);
  if (limit) cursor.limit(limit);
  const ids = (await cursor.toArray()).map((doc) => String(doc._id));
  return sort ? ids : ids.sort(); // without a sort the order is unspecified
}

/**
 * Each keyed collection has one index, so the planner has to use it wherever it can; each random
 * filter runs on every one of them under every sort its index may serve.
 */
async function compareMany(keyed: Collection[], plain: Collection, seed: number, filters: number) {
  const random = createRandom(seed);
  for (let q = 0; q < filters; q++) {
    const filter = buildFilter(random);
    for (const [i, collection] of keyed.entries()) {
      for (const sort of sortsServedBy(INDEXES[i]!)) {
        const limit = random.pick([0, 1, 5]);
        const actual = await answers(collection, filter, sort, limit);
        // Without a sort, a limit may keep any of the matches.
        const expected = await answers(plain, filter, sort, sort ? limit : 0);
        const same =
          sort || !limit
            ? actual.join() === expected.join()
            : actual.length === Math.min(limit, expected.length) &&
              actual.every((id) => expected.includes(id));
        if (!same) {
          const index = INDEXES[i];
          throw new Error(
            `query differs: ${JSON.stringify({ index, filter, sort, limit, expected, actual })}`,
          );
        }
      }
    }
  }
}

test('queries answer the same with and without keyed indexes, for values of every type', async () => {
  const random = createRandom(7);
  const docs = Array.from({ length: 150 }, (_, i) => buildDocument(random, i + 1));
  const plain = db.db!.collection('plain');
  const keyed = INDEXES.map((_, i) => db.db!.collection(`keyed_${i}`));
  const everywhere = async (write: (collection: Collection) => Promise<unknown>) => {
    for (const collection of [plain, ...keyed]) await write(collection);
  };
  for (const [i, key] of INDEXES.entries()) await keyed[i]!.createIndex(key);
  await everywhere((collection) => collection.insertMany(docs.map((doc) => ({ ...doc }))));
  await compareMany(keyed, plain, 11, 25);

  // Updates move documents between keys.
  for (const doc of docs.slice(0, 40)) {
    const change = { s: random.pick(scalars), d: random.pick(dates) };
    await everywhere((collection) => collection.updateOne({ _id: doc._id }, { $set: change }));
  }
  await compareMany(keyed, plain, 12, 12);

  // An array or an embedded document in an indexed field: MongoDB's array semantics still hold.
  const awkward = [
    { _id: new ObjectId('ffff00000000000000000001'), s: ['a', 'zz'], n: 1, d: dates[2] },
    { _id: new ObjectId('ffff00000000000000000002'), s: 'a', n: [1.5, -3], d: { at: 1 } },
    { _id: new ObjectId('ffff00000000000000000003'), s: 'b', nested: [{ k: 'a' }], d: dates[3] },
  ];
  await everywhere((collection) => collection.insertMany(awkward.map((doc) => ({ ...doc }))));
  await compareMany(keyed, plain, 13, 12);
}, 180_000);

test('on the embedded FerretDB, a filtered, sorted list reads its keyed index in order', async () => {
  if (!(await isFerretDb(db))) return; // MongoDB plans its own indexes
  const collection = db.db!.collection('planned');
  await collection.createIndex({ status: 1, createdAt: -1, _id: -1 });
  await collection.insertMany(
    Array.from({ length: 50 }, (_, i) => ({
      status: i % 2 ? 'received' : 'closed',
      createdAt: new Date(i * 1000),
    })),
  );
  const explain = async (filter: Document, sort: Document) =>
    JSON.stringify(
      (await db.db!.command({ explain: { find: 'planned', filter, sort, limit: 5 } })).queryPlanner,
    );

  const list = await explain({ status: 'received' }, { createdAt: -1, _id: -1 });
  expect(list).toMatch(/SEARCH .* USING INDEX \S+_mwrk/);
  expect(list).not.toMatch(/TEMP B-TREE|SCAN/);

  const newest = await collection
    .find({ status: 'received' })
    .sort({ createdAt: -1, _id: -1 })
    .limit(3)
    .toArray();
  expect(newest.map((doc) => doc.createdAt.getTime())).toEqual([49_000, 47_000, 45_000]);

  // One array in the indexed field: the index can no longer answer, the query still can.
  await collection.insertOne({ status: ['received', 'closed'], createdAt: new Date(99_000) });
  expect(await explain({ status: 'received' }, { createdAt: -1, _id: -1 })).toMatch(/SCAN/);
  const withArray = await collection.find({ status: 'received' }).sort({ createdAt: -1 }).limit(2).toArray();
  expect(withArray.map((doc) => doc.createdAt.getTime())).toEqual([99_000, 49_000]);
});

test('on the embedded FerretDB, $in lists on two fields (12 map cells × 8 categories) still use the index naming both', async () => {
  if (!(await isFerretDb(db))) return; // MongoDB plans its own indexes
  const collection = db.collection('many_ranges');
  await collection.createIndex({ cell: 1, category: 1, createdAt: -1 });
  await collection.createIndex({ category: 1, createdAt: -1 });
  const cells = Array.from({ length: 12 }, (_, i) => `c${i}`);
  const categories = Array.from({ length: 8 }, (_, i) => `k${i}`);
  await collection.insertMany(
    Array.from({ length: 400 }, (_, i) => ({
      cell: `c${i % 40}`,
      category: `k${i % 9}`,
      createdAt: new Date(i * 60_000),
    })),
  );
  const filter = { cell: { $in: cells }, category: { $in: categories }, createdAt: { $gte: new Date(0) } };
  const plan = JSON.stringify(
    (await db.db!.command({ explain: { find: 'many_ranges', filter, limit: 200 } })).queryPlanner,
  );
  expect(plan).toMatch(/USING INDEX \S+cell_1_category_1_createdAt_-1_mwrk/);
  const found = await collection.find(filter).toArray();
  expect(found.length).toBeGreaterThan(0);
  expect(found.every((doc) => cells.includes(doc.cell) && categories.includes(doc.category))).toBe(true);
  const expected = (await collection.find().toArray()).filter(
    (doc) => cells.includes(doc.cell) && categories.includes(doc.category),
  );
  expect(found).toHaveLength(expected.length);
});

test('on the embedded FerretDB, a range bounded on both sides is read from its index, not from the sort’s', async () => {
  if (!(await isFerretDb(db))) return; // MongoDB plans its own indexes
  const collection = db.collection('bounded_range');
  await collection.createIndex({ number: 1 }, { unique: true });
  await collection.createIndex({ createdAt: -1, _id: -1 });
  await collection.insertMany(
    Array.from({ length: 300 }, (_, i) => ({
      number: `SL${String(i).padStart(6, '0')}`,
      createdAt: new Date(i),
    })),
  );
  const filter = { number: { $gte: 'SL000120', $lte: 'SL000129' } };
  const sort = { createdAt: -1, _id: -1 } as const;
  const plan = JSON.stringify(
    (await db.db!.command({ explain: { find: 'bounded_range', filter, sort, limit: 21 } })).queryPlanner,
  );
  expect(plan).toMatch(/USING INDEX \S+number_1_mwrk/);
  const found = await collection.find(filter).sort(sort).limit(21).toArray();
  expect(found.map((doc) => doc.number)).toEqual(Array.from({ length: 10 }, (_, i) => `SL0001${29 - i}`));
});
