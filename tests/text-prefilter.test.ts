/**
 * The embedded FerretDB skips documents in SQLite when a literal $regex cannot match them
 * (tools/ferretdb-overlay/internal/backends/sqlite/mwr_regex_prefilter.go). It must never change a
 * result: every search here is checked against the same regex applied in JavaScript, over texts
 * with the characters JSON escapes, in arrays and embedded documents, with and without options.
 */
import { BSONRegExp, type Document, type Filter } from 'mongodb';
import type { Connection } from 'mongoose';
import { createRandom } from './support/seeded-random';
import { connectTestDatabase, dropTestDatabase } from './support/test-database';

let db: Connection;
beforeAll(async () => {
  db = await connectTestDatabase('text_prefilter');
});
afterAll(() => dropTestDatabase(db));

const texts = [
  '河道里有人非法采砂，河岸塌了',
  '村里停水三天了 (老人没水喝)',
  'quotes "x" and \\ backslash',
  '<b>tags</b> & ampersand',
  'line\nbreak\ttab',
  'a.b*c?d+e[f]{g}^h$i|j',
  'emoji 💧🌊 and 𠀀',
  'separators \u2028 \u2029 here',
  'SL20261123000042',
  'Case MiXeD case',
  '',
];
const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A piece of one of the texts (so it matches something), or a text found nowhere. */
function pickLiteral(random: ReturnType<typeof createRandom>): string {
  if (random.next() < 0.15) return '没有这个词';
  const chars = Array.from(random.pick(texts.filter((text) => text !== '')));
  const start = Math.floor(random.next() * chars.length);
  const length = 1 + Math.floor(random.next() * 4);
  const piece = chars.slice(start, start + length).join('');
  // Another case of letters: only a case-insensitive search finds it.
  return random.next() < 0.3 ? piece.toUpperCase() : piece;
}

function buildDocument(random: ReturnType<typeof createRandom>, n: number): Document {
  const shape = random.next();
  const text = `${random.pick(texts)}${random.next() < 0.5 ? random.pick(texts) : ''}`;
  return {
    n,
    ...(shape < 0.6 ? { text } : {}),
    ...(shape >= 0.6 && shape < 0.75 ? { text: [random.pick(texts), random.pick(texts)] } : {}),
    ...(shape >= 0.75 && shape < 0.85 ? { text: n } : {}),
    inner: { text: random.pick(texts) },
    other: random.pick(texts),
  };
}

/** What MongoDB would answer: the regex on a string, or on any string of an array. */
function matches(value: unknown, regex: RegExp): boolean {
  if (typeof value === 'string') return regex.test(value);
  return Array.isArray(value) && value.some((item) => typeof item === 'string' && regex.test(item));
}

test('literal text searches answer as the regex itself does, whatever the texts hold', async () => {
  const random = createRandom(11);
  const collection = db.collection('texts');
  const docs = Array.from({ length: 200 }, (_, n) => buildDocument(random, n));
  await collection.insertMany(docs.map((doc) => ({ ...doc })));
  await collection.createIndex({ n: -1 });

  for (let i = 0; i < 150; i++) {
    const literal = pickLiteral(random);
    const pattern = escapeRegex(literal);
    const options = random.pick(['', '', 'm', 's', 'i']);
    const regex = new RegExp(pattern, options); // i, m and s mean the same in JavaScript
    const form = random.pick(['operator', 'regex', 'regexOperator', 'or', 'nested', 'and']);
    const operator = { $regex: pattern, ...(options ? { $options: options } : {}) };
    const filter: Filter<Document> =
      form === 'operator'
        ? { text: operator }
        : form === 'regex'
          ? { text: new BSONRegExp(pattern, options) }
          : form === 'regexOperator'
            ? { text: { $regex: new BSONRegExp(pattern), ...(options ? { $options: options } : {}) } }
            : form === 'or'
              ? { $or: [{ text: operator }, { other: operator }] }
              : form === 'nested'
                ? { 'inner.text': operator }
                : { $and: [{ n: { $gte: 20 } }, { $or: [{ text: operator }, { other: operator }] }] };
    const expected = docs
      .filter((doc) =>
        form === 'operator' || form === 'regex' || form === 'regexOperator'
          ? matches(doc.text, regex)
          : form === 'nested'
            ? matches(doc.inner.text, regex)
            : (form === 'or' || doc.n >= 20) && (matches(doc.text, regex) || matches(doc.other, regex)),
      )
      .map((doc) => doc.n)
      .sort((a, b) => b - a);
    const found = (await collection.find(filter).sort({ n: -1 }).toArray()).map((doc) => doc.n);
    if (JSON.stringify(found) !== JSON.stringify(expected)) {
      throw new Error(`search differs: ${JSON.stringify({ literal, options, form, found, expected })}`);
    }
  }
}, 60_000);
