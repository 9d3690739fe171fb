import { createCipheriv } from 'node:crypto';
import {
  CallbackRejected,
  checkFreshness,
  computeSignature,
  openEnvelope,
  sealEnvelope,
  verifySignature,
} from '../server/wechat/callback-crypto';
import {
  buildNewsReply,
  buildTextReply,
  normaliseMessage,
  parseCallbackXml,
} from '../server/wechat/callback-xml';
import {
  createWechatSimulator,
  encryptForWechat,
  type CallbackMode,
  type SimulatedRequest,
} from '../scripts/chat/wechat-simulator';

// Official vector A and legacy vector B, verbatim from wechat-protocol.md §1.7
const A = { token: 'AAAAA', aesKey: 'A'.repeat(43), appId: 'wxba5fad812f8e6fb9', ghId: 'gh_97417a04a28d' };
const A_OPENID = 'o9AgO5Kd5ggOC-bXrbNODIiE3bGY';
const A_ENCRYPT =
  '+qdx1OKCy+5JPCBFWw70tm0fJGb2Jmeia4FCB7kao+/Q5c/ohsOzQHi8khUOb05JCpj0JB4RvQMkUyus8TPxLKJGQqcvZqzDpVzazhZv6JsXUnnR8XGT740XgXZUXQ7vJVnAG+tE8NUd4yFyjPy7GgiaviNrlCTj+l5kdfMuFUPpRSrfMZuMcp3Fn2Pede2IuQrKEYwKSqFIZoNqJ4M8EajAsjLY2km32IIjdf8YL/P50F7mStwntrA2cPDrM1kb6mOcfBgRtWygb3VIYnSeOBrebufAlr7F9mFUPAJGj04=';
const A_MESSAGE =
  '{"ToUserName":"gh_97417a04a28d","FromUserName":"o9AgO5Kd5ggOC-bXrbNODIiE3bGY","CreateTime":1714112445,"MsgType":"event","Event":"debug_demo","debug_str":"hello world"}';
const A_REPLY_ENVELOPE =
  '<xml><Encrypt><![CDATA[ELGduP2YcVatjqIS+eZbp80MNLoAUWvzzyJxgGzxZO/5sAvd070Bs6qrLARC9nVHm48Y4hyRbtzve1L32tmxSQ==]]></Encrypt>' +
  '<MsgSignature><![CDATA[1b9339964ed2e271e7c7b6ff2b0ef902fc94dea1]]></MsgSignature>' +
  '<TimeStamp>1713424427</TimeStamp><Nonce><![CDATA[415670741]]></Nonce></xml>';
const NOW = new Date(1714112445_000);
const OPENID = 'oUser0000000000000000000000A';

function simulatorAt(mode: CallbackMode, now = NOW) {
  return createWechatSimulator(A, { mode, now: () => now });
}

function queryOf(request: { path: string }): URLSearchParams {
  return new URLSearchParams(request.path.slice(request.path.indexOf('?') + 1));
}

/** What a route does with the pure protocol layer; proves simulator and server agree. */
function receive(request: SimulatedRequest) {
  const query = queryOf(request);
  const outer = parseCallbackXml(request.body);
  const signed = { timestamp: query.get('timestamp') ?? '', nonce: query.get('nonce') ?? '' };
  if (query.get('encrypt_type') !== 'aes') {
    const expected = computeSignature(A.token, signed.timestamp, signed.nonce);
    if (!verifySignature(expected, query.get('signature') ?? '')) throw new CallbackRejected('bad-signature');
    return normaliseMessage(outer);
  }
  const envelope = { ...signed, msgSignature: query.get('msg_signature') ?? '' };
  return normaliseMessage(parseCallbackXml(openEnvelope(A, envelope, outer.Encrypt as string).message));
}

function reasonOf(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    if (error instanceof CallbackRejected) return error.reason;
    throw error;
  }
  return 'accepted';
}

describe('the simulator against the official vectors', () => {
  it('when vector A safe POST is rebuilt with its random, then query, order and Encrypt match the published ones', () => {
    const request = simulatorAt('safe').push(A_MESSAGE, {
      openid: A_OPENID,
      timestamp: '1714112445',
      nonce: '415670741',
      random: Buffer.from('a8eedb185eb2fecf'),
    });
    expect(request.path).toBe(
      '/wechat/callback?signature=6c5c811b55cc85e0e1b54100749188c20beb3f5d&timestamp=1714112445&nonce=415670741' +
        `&openid=${A_OPENID}&encrypt_type=aes&msg_signature=046e02f8204d34f8ba5fa3b1db94908f3df2e9b3`,
    );
    expect(request.body).toBe(
      `<xml><ToUserName><![CDATA[${A.ghId}]]></ToUserName><Encrypt><![CDATA[${A_ENCRYPT}]]></Encrypt></xml>`,
    );
  });

  it('when vector A GET and plaintext POST are rebuilt, then the published signatures come out', () => {
    const get = simulatorAt('plaintext').verifyGet({
      timestamp: '1714036504',
      nonce: '1514711492',
      echostr: '4375120948345356249',
    });
    expect(queryOf(get).get('signature')).toBe('f464b24fc39322e44b38aa78f5edd27bd1441696');
    expect(get.echostr).toBe('4375120948345356249');
    const post = simulatorAt('plaintext').push('<xml/>', {
      openid: A_OPENID,
      timestamp: '1714037059',
      nonce: '486452656',
    });
    expect(post.query.signature).toBe('899cf89e464efb63f54ddac96b0a0a235f53aa78');
    expect(post.query).not.toHaveProperty('msg_signature');
  });

  it('when vector B is encrypted, then the multi-byte UTF-8 ciphertext matches', () => {
    const encrypt = encryptForWechat(
      'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
      '我是中文abcd123',
      'wxb11529c136998cb6',
      Buffer.from('aaaabbbbccccdddd'),
    );
    expect(encrypt).toBe(
      'jn1L23DB+6ELqJ+6bruv21Y6MD7KeIfP82D6gU39rmkgczbWwt5+3bnyg5K55bgVtVzd832WzZGMhkP72vVOfg==',
    );
  });

  it('when the published reply envelope is read at its own time, then it opens to the published reply', () => {
    const simulator = simulatorAt('safe', new Date(1713424427_000));
    expect(simulator.openReplyEnvelope(A_REPLY_ENVELOPE)).toBe('{"demo_resp":"good luck"}');
    // that published reply is JSON, which a 公众号 XML callback must never send back
    expect(() => simulator.readReply(A_REPLY_ENVELOPE, simulator.text(A_OPENID, 'hi'))).toThrow(
      /not well-formed XML/,
    );
  });
});

describe('the simulator and the server protocol layer agree', () => {
  it.each(['plaintext', 'compatible', 'safe'] as const)(
    'when a %s text arrives and is answered, then both sides understand each other',
    (mode) => {
      const simulator = simulatorAt(mode);
      const request = simulator.text(OPENID, '0012 ]]> 漏水');
      const message = receive(request);
      expect(message).toMatchObject({
        fromUser: OPENID,
        toUser: A.ghId,
        content: '0012 ]]> 漏水',
        msgId: request.msgId,
      });
      expect(request.msgId).toMatch(/^\d{19}$/);
      expect(Number(request.msgId)).toBeGreaterThan(Number.MAX_SAFE_INTEGER);
      if (mode === 'compatible') expect(request.body).toMatch(/<Content>.*<Encrypt>/);
      const replyXml = buildTextReply({
        toUser: message.fromUser,
        fromUser: message.toUser,
        content: '收到 ]]> 谢谢',
        now: NOW,
      });
      if (mode === 'compatible')
        expect(simulator.readReply(replyXml, request)).toMatchObject({ content: '收到 ]]> 谢谢' });
      const body =
        mode === 'plaintext' ? replyXml : sealEnvelope(A, replyXml, request.query.nonce ?? '', NOW);
      expect(simulator.readReply(body, request)).toEqual({
        msgType: 'text',
        content: '收到 ]]> 谢谢',
        toUser: OPENID,
        fromUser: A.ghId,
        createTime: 1714112445,
      });
    },
  );

  it('when image, voice, location and event pushes are received, then the server reads their fields', () => {
    const simulator = simulatorAt('safe');
    expect(receive(simulator.image(OPENID, 'm-1'))).toMatchObject({
      msgType: 'image',
      mediaId: 'm-1',
      picUrl: expect.stringContaining('m-1'),
    });
    expect(receive(simulator.voice(OPENID, { mediaId: 'v-1' }))).toMatchObject({
      msgType: 'voice',
      format: 'amr',
      recognition: '',
    });
    expect(
      receive(simulator.location(OPENID, { latitude: '30.1', longitude: '120.2', label: '钱塘江' })).location,
    ).toEqual({ latitude: '30.1', longitude: '120.2', scale: '15', label: '钱塘江' });
    const click = simulator.event(OPENID, 'CLICK', { EventKey: 'report' });
    expect(receive(click)).toMatchObject({ msgType: 'event', event: 'CLICK', eventKey: 'report' });
    expect(click.msgId).toBeUndefined();
  });

  it('when a news reply with one article is sealed, then readReply returns it', () => {
    const simulator = simulatorAt('safe');
    const request = simulator.text(OPENID, '进度');
    const news = buildNewsReply({
      toUser: OPENID,
      fromUser: A.ghId,
      now: NOW,
      article: { title: '案件进度', url: 'https://x.test/?a=1&b=2' },
    });
    expect(simulator.readReply(sealEnvelope(A, news, '1', NOW), request)).toMatchObject({
      msgType: 'news',
      articles: [{ Title: '案件进度', Url: 'https://x.test/?a=1&b=2' }],
    });
  });

  it('when the server answers success or nothing, then readReply passes it through', () => {
    const simulator = simulatorAt('safe');
    const request = simulator.text(OPENID, 'x');
    expect(simulator.readReply('success', request)).toBe('success');
    expect(simulator.readReply('', request)).toBe('');
  });
});

describe('readReply catches protocol violations', () => {
  const simulator = simulatorAt('safe');
  const request = simulator.text(OPENID, 'hi');
  const reply = buildTextReply({ toUser: OPENID, fromUser: A.ghId, content: '收到', now: NOW });
  const seal = (xml: string, at = NOW) => sealEnvelope(A, xml, '1', at);

  /** An envelope around a hand-made FullStr, for mistakes sealEnvelope cannot make. */
  function envelopeAround(message: string, msgLen: number, padTo: 16 | 32): string {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(msgLen);
    const fullStr = Buffer.concat([Buffer.alloc(16, 1), length, Buffer.from(message), Buffer.from(A.appId)]);
    const padLength = padTo - (fullStr.length % padTo);
    const cipher = createCipheriv('aes-256-cbc', Buffer.alloc(32), Buffer.alloc(16)).setAutoPadding(false);
    const padded = Buffer.concat([fullStr, Buffer.alloc(padLength, padLength)]);
    const encrypt = Buffer.concat([cipher.update(padded), cipher.final()]).toString('base64');
    const signature = computeSignature(A.token, '1714112445', '1', encrypt);
    return `<xml><Encrypt><![CDATA[${encrypt}]]></Encrypt><MsgSignature><![CDATA[${signature}]]></MsgSignature><TimeStamp>1714112445</TimeStamp><Nonce><![CDATA[1]]></Nonce></xml>`;
  }
  // 16-byte padding only differs from 32-byte padding when the FullStr ends in the first half of a block
  const shortReply = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]
    .map((extra) => reply.replace('收到', `收到${'.'.repeat(extra)}`))
    .find((xml) => (20 + Buffer.byteLength(xml) + A.appId.length) % 32 < 16) as string;

  it.each([
    ['the TimeStamp is 61 s old', seal(reply, new Date(NOW.getTime() - 61_000)), /61 s from now/],
    [
      'the TimeStamp is in milliseconds',
      seal(reply).replace('1714112445<', '1714112445000<'),
      /milliseconds/,
    ],
    [
      'the MsgSignature is wrong',
      seal(reply).replace('<Nonce><![CDATA[1]]>', '<Nonce><![CDATA[2]]>'),
      /MsgSignature/,
    ],
    [
      'the padding is 16-byte PKCS#7',
      envelopeAround(shortReply, Buffer.byteLength(shortReply), 16),
      /32-byte/,
    ],
    ['msg_len counts characters', envelopeAround(reply, reply.length, 32), /msg_len counts characters/],
    [
      'another AppID is inside',
      sealEnvelope({ ...A, appId: 'wx0000000000000000' }, reply, '1', NOW),
      /AppID/,
    ],
    ['the reply is plaintext in safe mode', reply, /safe mode/],
    ['the text is empty', seal(reply.replace('<![CDATA[收到]]>', '')), /success/],
    ['the reply goes to someone else', seal(reply.replace(OPENID, 'oOther')), /ToUserName/],
    ['the CreateTime is in milliseconds', seal(reply.replace('1714112445', '1714112445000')), /milliseconds/],
  ])('when %s, then it throws a clear message', (_name, body, message) => {
    expect(() => simulator.readReply(body, request)).toThrow(message);
  });

  it('when the hand-made envelope is correct, then it is accepted (so the cases above fail for their reason)', () => {
    expect(simulator.readReply(envelopeAround(reply, Buffer.byteLength(reply), 32), request)).toMatchObject({
      content: '收到',
    });
  });

  it('when plaintext mode receives an encrypted reply, then it refuses', () => {
    const plain = simulatorAt('plaintext');
    expect(() => plain.readReply(seal(reply), plain.text(OPENID, 'x'))).toThrow(/must not be encrypted/);
  });
});

describe('hostile variants reach the check they are meant for', () => {
  it.each([
    ['plaintext', 'bad-signature', 'bad-signature'],
    ['safe', 'bad-signature', 'bad-signature'],
    ['safe', 'bad-msg-signature', 'bad-signature'],
    ['safe', 'wrong-appid', 'appid-mismatch'],
    ['safe', 'bad-padding', 'bad-padding'],
    ['compatible', 'wrong-appid', 'appid-mismatch'],
    ['plaintext', 'doctype', 'forbidden-doctype'],
    ['safe', 'doctype', 'forbidden-doctype'],
  ] as const)('when a %s request gets %s, then the server rejects it with %s', (mode, variant, reason) => {
    const simulator = simulatorAt(mode);
    expect(reasonOf(() => receive(simulator.tamper(simulator.text(OPENID, 'hi'), variant)))).toBe(reason);
  });

  it('when bad-msg-signature is sent, then the plain signature still verifies, so only msg_signature catches it', () => {
    const simulator = simulatorAt('safe');
    const { query } = simulator.tamper(simulator.text(OPENID, 'hi'), 'bad-msg-signature');
    expect(computeSignature(A.token, query.timestamp ?? '', query.nonce ?? '')).toBe(query.signature);
  });

  it('when the timestamp is stale, then everything verifies except freshness', () => {
    const simulator = simulatorAt('safe');
    const stale = simulator.tamper(simulator.text(OPENID, 'hi'), 'stale-timestamp');
    expect(receive(stale).content).toBe('hi');
    expect(reasonOf(() => checkFreshness(stale.query.timestamp ?? '', NOW))).toBe('stale-timestamp');
  });

  it('when a query parameter is duplicated, then the URL carries it twice', () => {
    const simulator = simulatorAt('safe');
    const request = simulator.tamper(simulator.text(OPENID, 'hi'), 'duplicated-query-parameter');
    expect(queryOf(request).getAll('msg_signature')).toHaveLength(2);
  });

  it('when the body is oversized, then it is a validly signed body above 1 MB', () => {
    const simulator = simulatorAt('plaintext');
    const request = simulator.tamper(simulator.text(OPENID, 'hi'), 'oversized-body');
    expect(Buffer.byteLength(request.body)).toBeGreaterThan(1024 * 1024);
    expect(reasonOf(() => receive(request))).toBe('body-too-large');
  });

  it('when safe mode is downgraded to plaintext, then the body has no Encrypt but a valid signature', () => {
    const simulator = simulatorAt('safe');
    const request = simulator.tamper(simulator.text(OPENID, 'hi'), 'plaintext-downgrade');
    expect(request.body).not.toContain('<Encrypt>');
    expect(request.query).not.toHaveProperty('encrypt_type');
    expect(receive(request).content).toBe('hi');
  });

  it('when an encrypted-only variant is asked of plaintext mode, then the simulator refuses', () => {
    const simulator = simulatorAt('plaintext');
    expect(() => simulator.tamper(simulator.text(OPENID, 'hi'), 'wrong-appid')).toThrow(/encrypted mode/);
  });

  it('when a request is replayed, then the same bytes come again, or the same message re-signed', () => {
    const simulator = simulatorAt('safe');
    const first = simulator.text(OPENID, 'hi');
    expect(simulator.replay(first)).toEqual(first);
    const resigned = simulator.replay(first, { resign: true });
    expect(resigned.message).toBe(first.message);
    expect(receive(resigned).msgId).toBe(first.msgId);
  });
});
