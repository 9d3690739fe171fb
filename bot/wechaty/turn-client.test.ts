import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { BotServerError, createTurnClient } from './turn-client';

const TOKEN = 't'.repeat(40);
const PHOTO_ID = 'a'.repeat(64);

interface Received {
  method?: string;
  url?: string;
  authorization?: string;
  contentType?: string;
  body: Buffer;
}

type Answer = (received: Received, response: http.ServerResponse) => void;

/** A stand-in of the platform that answers each request with the current `answer`. */
async function startServer(answer: { current: Answer }) {
  const received: Received[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const entry = {
        method: request.method,
        url: request.url,
        authorization: request.headers.authorization,
        contentType: request.headers['content-type'],
        body: Buffer.concat(chunks),
      };
      received.push(entry);
      answer.current(entry, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, received, close: () => new Promise((resolve) => server.close(resolve)) };
}

function json(status: number, body: unknown): Answer {
  return (_received, response) => {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  };
}

describe('createTurnClient', () => {
  const answer: { current: Answer } = { current: json(200, { replies: [] }) };
  let server: Awaited<ReturnType<typeof startServer>>;
  let client: ReturnType<typeof createTurnClient>;

  beforeAll(async () => {
    server = await startServer(answer);
    client = createTurnClient({ serverUrl: server.url, apiToken: TOKEN, timeoutMs: 1000 });
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.received.length = 0;
  });

  test('when a turn is sent, then the server gets the contract body and its replies come back in order', async () => {
    answer.current = json(200, { replies: ['第一条', '第二条'] });
    await expect(client.sendTurn('wxid_1', { kind: 'text', text: '举报' })).resolves.toEqual([
      '第一条',
      '第二条',
    ]);
    const [request] = server.received;
    expect(request).toMatchObject({
      method: 'POST',
      url: '/api/v1/bot/turns',
      authorization: `Bearer ${TOKEN}`,
      contentType: 'application/json',
    });
    expect(JSON.parse(request!.body.toString())).toEqual({
      channel: 'wechaty',
      userId: 'wxid_1',
      message: { kind: 'text', text: '举报' },
    });
  });

  test('when a photo is uploaded, then the raw bytes go with their type and the photo id comes back', async () => {
    answer.current = json(201, { photoId: PHOTO_ID });
    const bytes = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
    await expect(client.uploadPhoto(bytes, 'image/jpeg')).resolves.toBe(PHOTO_ID);
    expect(server.received[0]).toMatchObject({ url: '/api/v1/bot/photos', contentType: 'image/jpeg' });
    expect(server.received[0]!.body.equals(bytes)).toBe(true);
  });

  test.each([
    ['a 401', json(401, { error: { code: 'unauthorized', message: 'bad token' } }), 401, 'unauthorized'],
    ['a 400', json(400, { error: { code: 'invalid-input', message: 'userId' } }), 400, 'invalid-input'],
    [
      'a 503 without JSON',
      (_r: Received, res: http.ServerResponse) => res.writeHead(503).end('down'),
      503,
      undefined,
    ],
    ['an answer without replies', json(200, { text: 'hello' }), 200, undefined],
  ])(
    'when the server answers %s, then a BotServerError carries the status',
    async (_label, reply, status, code) => {
      answer.current = reply;
      const error: unknown = await client
        .sendTurn('wxid_1', { kind: 'text', text: '举报' })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BotServerError);
      expect(error).toMatchObject({ status, code });
      expect(String(error)).not.toContain(TOKEN);
    },
  );

  test('when the server does not answer in time, then the call gives up with no status', async () => {
    answer.current = () => undefined; // never answers
    const quick = createTurnClient({ serverUrl: server.url, apiToken: TOKEN, timeoutMs: 1000 });
    const started = Date.now();
    await expect(quick.sendTurn('wxid_1', { kind: 'text', text: '举报' })).rejects.toMatchObject({
      name: 'BotServerError',
      status: undefined,
    });
    expect(Date.now() - started).toBeLessThan(5000);
  });

  test('when nothing listens at the server URL, then the call fails with no status', async () => {
    const nowhere = createTurnClient({ serverUrl: 'http://127.0.0.1:9', apiToken: TOKEN, timeoutMs: 1000 });
    await expect(nowhere.sendTurn('wxid_1', { kind: 'text', text: '举报' })).rejects.toMatchObject({
      status: undefined,
    });
  });
});
