/**
 * Issue 3's figures: with 100,000 cases in the embedded database, the latency of a duplicate
 * check at intake and of the staff case-list query. The seeded database is kept under
 * data/bench/ so later runs skip the seeding.
 */
import fs from 'node:fs';
import path from 'node:path';
import mongoose from 'mongoose';
import pino from 'pino';
import { loadDomainConfig } from '../config/domain/domain-config';
import { createCaseComponent } from '../server/cases/case-component';
import { createCaseFigures } from '../server/cases/case-figures';
import { caseModels } from '../server/cases/data-access/case-model';
import type { Actor } from '../server/staff/staff-types';
import { openBenchDatabase } from './bench-database';
import { buildCaseDocument, buildSubject, createRandom } from './case-fixtures';
import { measureLatency, report } from './measure';

const CASES = Number(process.env.BENCH_CASES ?? 100_000);
const DATA_KEY = Buffer.alloc(32, 1);
const NOW = new Date('2026-11-23T02:00:00Z');
const staff = (role: Actor['role'], department?: string): Actor => ({
  kind: 'staff',
  staffId: 'bench',
  username: 'bench',
  displayName: 'bench',
  role,
  department,
});

async function seed(db: mongoose.Connection): Promise<void> {
  const { Case } = caseModels(db);
  await Case.init();
  const have = await Case.estimatedDocumentCount();
  if (have >= CASES) return;
  console.log(`seeding ${CASES - have} cases (once; kept in data/bench/)…`);
  const random = createRandom(have + 1);
  const started = Date.now();
  for (let index = have; index < CASES; index += 2000) {
    const batch = Array.from({ length: Math.min(2000, CASES - index) }, (_, i) =>
      buildCaseDocument(index + i, random, DATA_KEY, NOW),
    );
    await Case.collection.insertMany(batch, { ordered: false });
  }
  console.log(`seeded in ${Math.round((Date.now() - started) / 1000)} s`);
}

export async function runCaseBench(): Promise<void> {
  const dataDir = path.resolve(__dirname, '..', 'data', 'bench', `ferretdb-${CASES}-cells`);
  fs.mkdirSync(dataDir, { recursive: true });
  // The 100,000 cases are seeded once and kept: seeding takes minutes.
  const database = await openBenchDatabase('bench', dataDir, { keepData: true });
  const db = await mongoose.createConnection(database.uri).asPromise();
  try {
    await seed(db);
    const cases = createCaseComponent({
      db,
      domain: loadDomainConfig(),
      dataKey: DATA_KEY,
      logger: pino({ level: 'silent' }),
      now: () => NOW,
      authenticate: async (_ctx, next) => next(),
      requireRoles: () => async (_ctx, next) => next(),
      findKnowledgeAnswer: async () => undefined,
    });
    console.log(`\ncases in ${database.description}: ${await cases.repo.model.estimatedDocumentCount()}`);
    const random = createRandom(42);
    await cases.duplicates.check({ ...buildSubject(random, NOW), reporterKeys: [] }); // loads the dictionary

    report(
      'duplicate check at intake',
      await measureLatency(200, () =>
        cases.duplicates.check({ ...buildSubject(random, NOW), reporterKeys: ['x'] }),
      ),
      30,
    );
    const sample = (await cases.repo.model.findOne().lean()) as unknown as { trackingNumber: string };
    const lists: [string, Actor, Record<string, string>][] = [
      ['staff list: center, newest 20', staff('center'), {}],
      ['staff list: department, newest 20', staff('department', 'riverlake'), {}],
      ['staff list: center, status=received', staff('center'), { status: 'received' }],
      ['staff list: office, overdue', staff('office'), { overdue: 'true' }],
      ['staff list: department, due soon', staff('department', 'rural'), { dueSoon: 'true' }],
      ['staff list: center, tracking number', staff('center'), { q: sample.trackingNumber }],
      ['staff list: center, text search (采砂)', staff('center'), { q: '采砂' }],
    ];
    for (const [name, actor, query] of lists) {
      const figures = await measureLatency(100, () => cases.queries.listCasesForStaff(actor, query));
      report(name, figures);
    }
    const mixed = await measureLatency(250, (i) => {
      const [, actor, query] = lists[i % lists.length]!;
      return cases.queries.listCasesForStaff(actor, query);
    });
    report('staff case-list query (mix of the above)', mixed, 50);
    // A word in no description: every case is read (no text index on FerretDB 1.x; SQLite skips
    // them on the stored text, docs/ferretdb.md).
    report(
      'staff list: center, text found nowhere',
      await measureLatency(5, () => cases.queries.listCasesForStaff(staff('center'), { q: '没有这个词' })),
    );
    // Counts read every case they count: the bench keeps ~48,000 of its cases overdue.
    const figures = createCaseFigures({ repo: cases.repo, now: () => NOW });
    report('office figures, last 30 days', await measureLatency(5, () => figures.countFigures({})));
    const byId = await cases.repo.model.findOne().select({ _id: 1 }).lean();
    report(
      'one case by id',
      await measureLatency(100, () => cases.repo.findCase(String((byId as { _id: unknown })._id))),
    );
  } finally {
    await db.close();
    await database.stop();
  }
}
