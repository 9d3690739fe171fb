import { CallbackRejected } from './callback-crypto';
import {
  addressReplyTo,
  buildNewsReply,
  buildTextReply,
  dedupKeyOf,
  normaliseMessage,
  parseCallbackXml,
  wrapCdata,
} from './callback-xml';
import { catchAppError } from '../../tests/support/catch-app-error';

const rejectionOf = (action: () => unknown) => catchAppError(action, CallbackRejected);

const GH = 'gh_97417a04a28d';
const OPENID = 'o9AgO5Kd5ggOC-bXrbNODIiE3bGY';
const NOW = new Date(1714112445_678);

function inbound(fields: string): string {
  return (
    `<xml><ToUserName><![CDATA[${GH}]]></ToUserName><FromUserName><![CDATA[${OPENID}]]></FromUserName>` +
    `<CreateTime>1714112445</CreateTime>${fields}</xml>`
  );
}

function readMessage(fields: string) {
  return normaliseMessage(parseCallbackXml(inbound(fields)));
}

describe('parseCallbackXml with hostile bodies', () => {
  it.each([
    [
      'an XXE DOCTYPE',
      '<!DOCTYPE xml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><xml><Content>&xxe;</Content></xml>',
      'forbidden-doctype',
    ],
    [
      'billion laughs',
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><xml><Content>&lol3;</Content></xml>',
      'forbidden-doctype',
    ],
    ['a lower-case doctype', '<!doctype xml><xml></xml>', 'forbidden-doctype'],
    ['a bare ENTITY', '<xml><!ENTITY a "b"></xml>', 'forbidden-doctype'],
    ['unclosed elements', '<xml><Content>hi</xml>', 'malformed-xml'],
    ['a second root', '<xml><A>1</A></xml><xml><A>2</A></xml>', 'malformed-xml'],
    ['another root name', '<root><A>1</A></root>', 'malformed-xml'],
    ['plain text', 'success', 'malformed-xml'],
    ['an empty body', '', 'malformed-xml'],
    ['a repeated Encrypt element', '<xml><Encrypt>a</Encrypt><Encrypt>b</Encrypt></xml>', 'malformed-xml'],
    ['mixed content', '<xml><Content>a<b/>c</Content></xml>', 'malformed-xml'],
    ['a __proto__ element', '<xml><__proto__><polluted>1</polluted></__proto__></xml>', 'malformed-xml'],
    ['nesting 40 levels deep', `<xml>${'<a>'.repeat(40)}x${'</a>'.repeat(40)}</xml>`, 'malformed-xml'],
    ['more than 1 MB', `<xml><Content>${'x'.repeat(1024 * 1024)}</Content></xml>`, 'body-too-large'],
  ])('when the body has %s, then it is rejected', (_name, body, reason) => {
    expect(rejectionOf(() => parseCallbackXml(body)).reason).toBe(reason);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('when an entity reference appears without a DTD, then it stays literal text and is never expanded', () => {
    expect(parseCallbackXml('<xml><Content>&amp;&lt;&#x41;</Content></xml>').Content).toBe('&amp;&lt;&#x41;');
  });
});

describe('parseCallbackXml and normaliseMessage with real pushes', () => {
  it('when a text message has a 64-bit MsgId and Content "0012", then both stay exact strings', () => {
    const message = readMessage(
      '<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[0012]]></Content><MsgId>7250021412600020992</MsgId>',
    );
    expect(message).toMatchObject({
      toUser: GH,
      fromUser: OPENID,
      createTime: '1714112445',
      msgType: 'text',
    });
    expect(message.msgId).toBe('7250021412600020992');
    expect(message.content).toBe('0012');
    expect(readMessage('<MsgType>text</MsgType><Content>12314</Content><MsgId>1</MsgId>').content).toBe(
      '12314',
    );
  });

  it('when a voice message has an empty Recognition, then it is an empty string', () => {
    const message = readMessage(
      '<MsgType><![CDATA[voice]]></MsgType><MediaId><![CDATA[m1]]></MediaId><Format><![CDATA[amr]]></Format><Recognition><![CDATA[]]></Recognition><MsgId>1</MsgId>',
    );
    expect(message).toMatchObject({ mediaId: 'm1', format: 'amr', recognition: '' });
  });

  it('when a location message arrives, then its coordinates stay strings', () => {
    const message = readMessage(
      '<MsgType><![CDATA[location]]></MsgType><Location_X>23.134521</Location_X><Location_Y>113.358803</Location_Y><Scale>20</Scale><Label><![CDATA[珠江]]></Label><MsgId>2</MsgId>',
    );
    expect(message.location).toEqual({
      latitude: '23.134521',
      longitude: '113.358803',
      scale: '20',
      label: '珠江',
    });
  });

  it('when pic_photo_or_album carries one picture, then PicList.item is still an array', () => {
    const message = readMessage(
      '<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[pic_photo_or_album]]></Event><EventKey><![CDATA[evidence]]></EventKey><SendPicsInfo><Count>1</Count><PicList><item><PicMd5Sum><![CDATA[1b5f7c23b5bf75682a53e7b6d163e185]]></PicMd5Sum></item></PicList></SendPicsInfo>',
    );
    expect(message.pictures).toEqual({ count: '1', md5Sums: ['1b5f7c23b5bf75682a53e7b6d163e185'] });
  });

  it('when scancode_waitmsg and location_select arrive, then their nested blocks are read', () => {
    const scan = readMessage(
      '<MsgType>event</MsgType><Event>scancode_waitmsg</Event><EventKey>scan</EventKey><ScanCodeInfo><ScanType><![CDATA[qrcode]]></ScanType><ScanResult><![CDATA[SL-0012]]></ScanResult></ScanCodeInfo>',
    );
    expect(scan.scanCode).toEqual({ scanType: 'qrcode', scanResult: 'SL-0012' });
    const place = readMessage(
      '<MsgType>event</MsgType><Event>location_select</Event><EventKey>place</EventKey><SendLocationInfo><Location_X><![CDATA[23]]></Location_X><Location_Y><![CDATA[113]]></Location_Y><Scale><![CDATA[15]]></Scale><Label><![CDATA[广州]]></Label><Poiname><![CDATA[]]></Poiname></SendLocationInfo>',
    );
    expect(place.location).toEqual({
      latitude: '23',
      longitude: '113',
      scale: '15',
      label: '广州',
      poiname: '',
    });
  });

  it('when subscribe comes from a parametric QR code, then the scene loses its qrscene_ prefix', () => {
    const message = readMessage(
      '<MsgType>event</MsgType><Event>subscribe</Event><EventKey><![CDATA[qrscene_station-42]]></EventKey><Ticket><![CDATA[TICKET]]></Ticket>',
    );
    expect(message).toMatchObject({ eventKey: 'qrscene_station-42', scene: 'station-42', ticket: 'TICKET' });
  });

  it('when TEMPLATESENDJOBFINISH arrives, then MsgID (capital D) and the spaced status are kept', () => {
    const message = readMessage(
      '<MsgType>event</MsgType><Event>TEMPLATESENDJOBFINISH</Event><MsgID>200163836</MsgID><Status><![CDATA[failed: system failed]]></Status>',
    );
    expect(message).toMatchObject({ msgId: '200163836', status: 'failed: system failed' });
  });

  it('when subscribe_msg_popup_event has one List, then List is an array', () => {
    const parsed = parseCallbackXml(
      inbound(
        '<MsgType>event</MsgType><Event>subscribe_msg_popup_event</Event><SubscribeMsgPopupEvent><List><TemplateId>t1</TemplateId><SubscribeStatusString>accept</SubscribeStatusString><PopupScene>2</PopupScene></List></SubscribeMsgPopupEvent>',
      ),
    );
    expect(parsed.SubscribeMsgPopupEvent).toEqual({
      List: [{ TemplateId: 't1', SubscribeStatusString: 'accept', PopupScene: '2' }],
    });
  });

  it.each([
    [
      'ToUserName is missing',
      '<xml><FromUserName>u</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType></xml>',
      'missing-field',
    ],
    [
      'CreateTime is not seconds',
      '<xml><ToUserName>g</ToUserName><FromUserName>u</FromUserName><CreateTime>soon</CreateTime><MsgType>text</MsgType></xml>',
      'bad-field',
    ],
    ['Content is a structure', inbound('<MsgType>text</MsgType><Content><a>1</a></Content>'), 'bad-field'],
  ])('when %s, then the message is rejected', (_name, body, reason) => {
    expect(rejectionOf(() => normaliseMessage(parseCallbackXml(body))).reason).toBe(reason);
  });
});

describe('dedupKeyOf', () => {
  it('when a message is retried, then the key is its MsgId', () => {
    expect(
      dedupKeyOf(
        readMessage('<MsgType>text</MsgType><Content>a</Content><MsgId>7250021412600020992</MsgId>'),
      ),
    ).toBe('msg|7250021412600020992');
  });

  it('when two different events arrive in the same second, then their keys differ', () => {
    const location = readMessage(
      '<MsgType>event</MsgType><Event>LOCATION</Event><Latitude>23</Latitude><Longitude>113</Longitude><Precision>65</Precision>',
    );
    const click = readMessage('<MsgType>event</MsgType><Event>CLICK</Event><EventKey>report</EventKey>');
    expect(location.location).toEqual({ latitude: '23', longitude: '113', precision: '65' });
    expect(dedupKeyOf(click)).toBe(`event|${OPENID}|1714112445|CLICK|report`);
    expect(dedupKeyOf(location)).not.toBe(dedupKeyOf(click));
  });
});

describe('reply builders', () => {
  const address = { toUser: OPENID, fromUser: GH, now: NOW };

  it('when a text reply is built, then CreateTime is in seconds and the addresses are swapped from the inbound', () => {
    const message = readMessage('<MsgType>text</MsgType><Content>hi</Content><MsgId>1</MsgId>');
    const reply = normaliseMessage(
      parseCallbackXml(buildTextReply({ ...addressReplyTo(message, NOW), content: '收到' })),
    );
    expect(reply).toMatchObject({
      toUser: OPENID,
      fromUser: GH,
      createTime: '1714112445',
      msgType: 'text',
      content: '收到',
    });
  });

  it.each([
    ['a CDATA terminator', 'a]]>b'],
    ['several terminators and markup', ']]>]]]]><![CDATA[<xml></xml>&amp;'],
    ['newlines and Chinese', '第一行\n第二行 "引号" <tag>'],
  ])('when the content holds %s, then the reply parses back to the same text', (_name, content) => {
    const reply = buildTextReply({ ...address, content });
    expect(parseCallbackXml(reply).Content).toBe(content);
  });

  it('when user text holds characters XML forbids, then they are dropped instead of breaking the reply', () => {
    const reply = buildTextReply({ ...address, content: 'a\u0000b\u001fc\ud800d' });
    expect(parseCallbackXml(reply).Content).toBe('abcd');
  });

  it('when the content is empty, then the builder refuses (send `success` instead)', () => {
    expect(() => buildTextReply({ ...address, content: '' })).toThrow(/success/);
  });

  it('when a news reply is built, then it has one escaped article', () => {
    const reply = buildNewsReply({
      ...address,
      article: { title: '进度]]>', url: 'https://x.test/?a=1&b=2' },
    });
    const parsed = parseCallbackXml(reply);
    expect(parsed).toMatchObject({ MsgType: 'news', ArticleCount: '1', CreateTime: '1714112445' });
    expect(parsed.Articles).toEqual({
      item: [{ Title: '进度]]>', Description: '', PicUrl: '', Url: 'https://x.test/?a=1&b=2' }],
    });
  });

  it('when wrapCdata gets plain text, then it is one CDATA section', () => {
    expect(wrapCdata('abc')).toBe('<![CDATA[abc]]>');
  });
});
