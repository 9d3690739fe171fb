/**
 * The knowledge-base API through HTTP on the real database. Only the staff session layer is a test
 * double: `authenticateFromHeader` reads the actor from a header instead of a session token; the
 * role check is the real requireRoles.
 */
import Koa, { type Middleware } from 'koa';
import type { Connection } from 'mongoose';
import request from 'supertest';
import { errorMiddleware } from '../server/http/error-middleware';
import { jsonBody } from '../server/http/json-body';
import { AppError } from '../server/http/app-error';
import { createKnowledgeComponent, type KnowledgeComponent } from '../server/knowledge/knowledge-component';
import { readKnowledgeSeed, SEED_AUTHOR } from '../server/knowledge/knowledge-seed';
import { requireRoles } from '../server/staff/auth-middleware';
import type { Actor, StaffRole } from '../server/staff/staff-types';
import { connectTestDatabase, dropTestDatabase } from './support/test-database';

const ACTOR_HEADER = 'x-test-actor-role';

const authenticateFromHeader: Middleware = async function authenticateTestActor(ctx, next) {
  const role = ctx.get(ACTOR_HEADER) as StaffRole;
  if (!role) throw new AppError('unauthenticated', 401, '请先登录。');
  const actor: Actor = { kind: 'staff', staffId: `staff-${role}`, username: role, displayName: role, role };
  ctx.state.actor = actor;
  return next();
};

let db: Connection;
let knowledge: KnowledgeComponent;
let server: ReturnType<Koa['callback']>;

beforeAll(async () => {
  db = await connectTestDatabase('knowledge_api');
  knowledge = createKnowledgeComponent({ db, authenticate: authenticateFromHeader, requireRoles });
  const app = new Koa();
  app.use(errorMiddleware());
  app.use(jsonBody());
  app.use(knowledge.router.routes()).use(knowledge.router.allowedMethods());
  server = app.callback();
});
afterAll(() => dropTestDatabase(db));

let counter = 0;
/** A latin word jieba keeps whole and no other test uses, so searches see only this test's data. */
const uniqueWord = () => `kbword${Date.now().toString(36)}x${(counter += 1)}`;

const entry = (word: string, overrides: Record<string, unknown> = {}) => ({
  question: `村里${word}停水三天了怎么办？`,
  answer: '请向供水单位了解恢复时间，长时间停水请向12314举报。',
  keywords: [word, '停水'],
  category: 'rural_water',
  ...overrides,
});

const asRole = (role: StaffRole) => ({ [ACTOR_HEADER]: role });
const create = (body: object, role: StaffRole = 'center') =>
  request(server).post('/api/v1/knowledge').set(asRole(role)).send(body);
const search = (q: string) => request(server).get('/api/v1/knowledge').query({ q });

describe('knowledge entries, written by editors', () => {
  test('when an editor creates an entry, then the editor view has it and the public view only shows Q&A', async () => {
    const word = uniqueWord();
    const created = await create(entry(word));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      published: true,
      version: 1,
      createdBy: 'staff-center',
      keywords: [word, '停水'],
    });
    expect(created.body.tokens).toBeUndefined();

    const editor = await request(server)
      .get(`/api/v1/knowledge/${created.body.id}`)
      .query({ view: 'editor' })
      .set(asRole('office'));
    expect(editor.body).toEqual(created.body);
    const pub = await request(server).get(`/api/v1/knowledge/${created.body.id}`);
    expect(pub.status).toBe(200);
    expect(Object.keys(pub.body).sort()).toEqual(['answer', 'category', 'id', 'question']);
  });

  test('when an editor updates with the current version, then the version moves on and search uses the new keywords', async () => {
    const [before, after] = [uniqueWord(), uniqueWord()];
    const created = await create(entry(before));
    const updated = await request(server)
      .put(`/api/v1/knowledge/${created.body.id}`)
      .set(asRole('admin'))
      .send({ ...entry(before), keywords: [after], version: 1 });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ version: 2, updatedBy: 'staff-admin', keywords: [after] });
    expect((await search(after)).body.items.map((item: { id: string }) => item.id)).toEqual([
      created.body.id,
    ]);
  });

  test('when two editors update the same version at once, then one wins and the other gets 409 conflict', async () => {
    const created = await create(entry(uniqueWord()));
    const put = (answer: string) =>
      request(server)
        .put(`/api/v1/knowledge/${created.body.id}`)
        .set(asRole('center'))
        .send({ ...entry(uniqueWord()), answer, version: 1 });
    const responses = await Promise.all([put('答复甲'), put('答复乙'), put('答复丙')]);
    expect(responses.map((response) => response.status).sort()).toEqual([200, 409, 409]);
    expect(responses.find((response) => response.status === 409)?.body.error.code).toBe('conflict');
  });

  test('when an editor deletes an entry, then it is unpublished, hidden from the public, and deleting again is harmless', async () => {
    const word = uniqueWord();
    const created = await create(entry(word));
    const deleted = await request(server)
      .delete(`/api/v1/knowledge/${created.body.id}`)
      .set(asRole('center'));
    expect(deleted.status).toBe(200);
    expect(deleted.body).toMatchObject({ published: false, version: 2 });
    expect((await request(server).get(`/api/v1/knowledge/${created.body.id}`)).status).toBe(404);
    expect((await search(word)).body.items).toEqual([]);
    const again = await request(server).delete(`/api/v1/knowledge/${created.body.id}`).set(asRole('center'));
    expect(again.body.version).toBe(2);
  });

  test('when an entry does not exist, then 404 knowledge-entry-not-found', async () => {
    for (const id of ['0123456789abcdef01234567', 'not-an-id']) {
      const response = await request(server)
        .put(`/api/v1/knowledge/${id}`)
        .set(asRole('center'))
        .send({ ...entry('x'), version: 1 });
      expect(response.status).toBe(404);
      expect(response.body.error.code).toBe('knowledge-entry-not-found');
    }
  });
});

describe('public search', () => {
  test('when an entry is unpublished, then search does not show it until it is published', async () => {
    const word = uniqueWord();
    const draft = await create(entry(word, { published: false }));
    expect((await search(word)).body.items).toEqual([]);
    await request(server)
      .put(`/api/v1/knowledge/${draft.body.id}`)
      .set(asRole('center'))
      .send({ ...entry(word), published: true, version: 1 });
    const found = await search(word);
    expect(found.body.items).toHaveLength(1);
    expect(Object.keys(found.body.items[0]).sort()).toEqual([
      'answer',
      'category',
      'id',
      'question',
      'score',
    ]);
  });

  test('when the base is seeded (twice at once, then again), then each entry is in once and 停水怎么办 finds rural water', async () => {
    const seedCount = readKnowledgeSeed().length;
    const concurrent = await Promise.all([knowledge.seed(), knowledge.seed()]);
    expect(concurrent[0].inserted + concurrent[1].inserted).toBe(seedCount);
    expect((await knowledge.seed()).inserted).toBe(0);
    expect(await db.collection('knowledge_entries').countDocuments({ createdBy: SEED_AUTHOR })).toBe(
      seedCount,
    );
    const response = await search('停水怎么办');
    expect(response.status).toBe(200);
    expect(response.body.items[0]).toMatchObject({
      category: 'rural_water',
      question: expect.stringContaining('停水'),
    });
    expect((await search('xyzzy qwerty')).body.items).toEqual([]);
  });

  test('when an editor pages through all entries, then every page is distinct and the last has no cursor', async () => {
    const word = uniqueWord();
    await create(entry(word, { published: false }));
    const seen = new Set<string>();
    let cursor: string | undefined;
    do {
      const page = await request(server)
        .get('/api/v1/knowledge')
        .query({ view: 'editor', limit: 7, ...(cursor ? { cursor } : {}) })
        .set(asRole('center'));
      expect(page.status).toBe(200);
      for (const item of page.body.items) seen.add(item.id);
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen.size).toBe(await db.collection('knowledge_entries').countDocuments());
  });
});

describe('guards and validation', () => {
  test('when nobody is logged in, then writes and the editor view are 401 but public reads work', async () => {
    expect((await request(server).post('/api/v1/knowledge').send(entry('x'))).status).toBe(401);
    expect((await request(server).get('/api/v1/knowledge').query({ view: 'editor' })).status).toBe(401);
    expect((await search('停水')).status).toBe(200);
  });

  test.each(['department', 'unit'] as const)('when a %s handler writes, then 403 forbidden', async (role) => {
    const created = await create(entry(uniqueWord()));
    const responses = await Promise.all([
      create(entry('x'), role),
      request(server)
        .put(`/api/v1/knowledge/${created.body.id}`)
        .set(asRole(role))
        .send({ ...entry('x'), version: 1 }),
      request(server).delete(`/api/v1/knowledge/${created.body.id}`).set(asRole(role)),
      request(server).get('/api/v1/knowledge').query({ view: 'editor' }).set(asRole(role)),
    ]);
    expect(responses.map((response) => response.status)).toEqual([403, 403, 403, 403]);
  });

  test.each([
    [
      'a question over 200 characters',
      { question: '问'.repeat(201) },
      '问题（question）最多 200 个字，请修改后再试。',
    ],
    [
      'an answer over 2000 characters',
      { answer: '答'.repeat(2001) },
      '答案（answer）最多 2000 个字，请修改后再试。',
    ],
    [
      'more than 20 keywords',
      { keywords: Array.from({ length: 21 }, (_, i) => `词${i}`) },
      '关键词（keywords）最多 20 个，请修改后再试。',
    ],
    [
      'a keyword over 20 characters',
      { keywords: ['长'.repeat(21)] },
      '关键词（keywords.0）最多 20 个字，请修改后再试。',
    ],
    ['an unknown category', { category: 'pollution' }, '分类（category）不在可选范围内，请修改后再试。'],
    ['no category', { category: undefined }, '请填写分类（category）。'],
    ['an empty question', { question: '   ' }, '问题（question）不能为空，请填写后再试。'],
  ])('when the body has %s, then 400 invalid-input names the field', async (_case, overrides, message) => {
    const response = await create(entry('x', overrides));
    expect(response.status).toBe(400);
    expect(response.body.error).toEqual({ code: 'invalid-input', message });
  });

  test('when an update has no version, or the search is too long, then 400 invalid-input', async () => {
    const created = await create(entry(uniqueWord()));
    const noVersion = await request(server)
      .put(`/api/v1/knowledge/${created.body.id}`)
      .set(asRole('center'))
      .send(entry('x'));
    expect(noVersion.body.error.message).toContain('version');
    const longQuery = await search('停'.repeat(101));
    expect(longQuery.status).toBe(400);
    const badCursor = await request(server).get('/api/v1/knowledge').query({ cursor: 'bm9wZQ' });
    expect(badCursor.body.error.code).toBe('invalid-input');
  });
});
