import { loadBotTexts } from '../../config/domain/bot-texts';
import { loadOrganisation } from '../../config/domain/organisation';
import { loadOutOfScopeRules } from '../../config/domain/out-of-scope-rules';
import { submitCaseSchema } from '../../server/cases/intake-use-cases';
import { stepDialog } from './dialog-engine';
import type { DialogContext, DialogSession, DialogStep, InboundChat, Signboard } from './dialog-types';
import { REPLY_LIMIT } from './text-format';

const texts = loadBotTexts();
const { replies } = texts;
const baseContext: DialogContext = {
  categories: loadOrganisation().categories,
  outOfScopeRules: loadOutOfScopeRules(),
  texts,
  sessionIdleMinutes: 30,
  maxPhotos: 9,
};
const START = new Date('2026-11-23T02:00:00Z');

type Turn = string | InboundChat;
const image = (mediaRef: string): InboundChat => ({ kind: 'image', mediaRef });
const signboard: Signboard = {
  id: 'HZ-0231',
  river: '消水河',
  county: '临城县',
  regionCode: '130522',
  latitude: 37.44,
  longitude: 114.51,
};
const riverBank = {
  kind: 'location',
  latitude: 37.45,
  longitude: 114.5,
  label: '临城县东关村消水河桥',
} as const;
const SAND_MINING = '村东头河道里有人夜里挖沙，河岸都挖塌了';

/** Plays the turns one minute apart (unless told otherwise) and keeps every step. */
function converse(turns: Turn[], options: { context?: Partial<DialogContext>; minutesApart?: number } = {}) {
  const context = { ...baseContext, ...options.context };
  let session: DialogSession | undefined;
  let now = START;
  const steps: DialogStep[] = [];
  for (const turn of turns) {
    const inbound: InboundChat = typeof turn === 'string' ? { kind: 'text', text: turn } : turn;
    const step = stepDialog(session, inbound, now, context);
    // Every reply of every scripted conversation must fit one phone screen.
    for (const reply of step.replies) expect(reply.length).toBeLessThanOrEqual(REPLY_LIMIT);
    steps.push(step);
    session = step.session;
    now = new Date(now.getTime() + (options.minutesApart ?? 1) * 60_000);
  }
  const last = steps[steps.length - 1] as DialogStep;
  return { steps, last, session, lastReply: last.replies.join('\n') };
}

describe('stepDialog: reports that reach submission', () => {
  it.each<[string, Turn[], Partial<DialogContext>, object]>([
    [
      'when every field is given (category by number, text, location, 2 photos, phone), then 确认 submits it all',
      ['举报', '1', SAND_MINING, riverBank, image('m-1'), image('m-2'), '好了', '13800138000', '确认'],
      {},
      {
        category: 'river_lake',
        description: SAND_MINING,
        place: { latitude: 37.45, longitude: 114.5, address: '临城县东关村消水河桥' },
        photos: ['m-1', 'm-2'],
        reporter: { anonymous: false, phone: '13800138000' },
      },
    ],
    [
      'when the category is given in words and photos are skipped, then the typed address and 匿名 are used',
      ['举报', '停水', '我们村停水三天了，一直没人来修', '临城县张庄村', '跳过', '匿名', '确认'],
      {},
      {
        category: 'rural_water',
        description: '我们村停水三天了，一直没人来修',
        place: { address: '临城县张庄村' },
        photos: [],
        reporter: { anonymous: true },
      },
    ],
    [
      'when the description is spoken, then the voice recognition is the description',
      [
        { kind: 'menu', key: 'REPORT' },
        '2',
        { kind: 'voice', recognition: '自来水时有时无，一天只来两个小时。' },
        '张庄村',
        '好了',
        '匿名',
        '确认',
      ],
      {},
      { category: 'rural_water', description: '自来水时有时无，一天只来两个小时。' },
    ],
    [
      'when the reporter scanned a signboard and confirms it with 1, then the signboard fills the place',
      [{ kind: 'scene', signboard }, '1', SAND_MINING, '1', '跳过', '13800138000', '确认'],
      {},
      {
        place: {
          address: '临城县消水河（河湖长公示牌HZ-0231附近）',
          waterBody: '消水河',
          regionCode: '130522',
          latitude: 37.44,
          longitude: 114.51,
        },
      },
    ],
    [
      'when a LOCATION event was remembered and the reporter answers 是, then that position is the place',
      ['举报', '1', SAND_MINING, '是', '跳过', '匿名', '确认'],
      { lastLocation: { latitude: 37.5, longitude: 114.6 } },
      { place: { latitude: 37.5, longitude: 114.6 } },
    ],
    [
      'when the reporter changes the place with 修改 and 3, then the new address is submitted',
      ['举报', '1', SAND_MINING, '临城县张庄村', '跳过', '匿名', '修改', '3', '临城县东关村桥下', '确认'],
      {},
      { place: { address: '临城县东关村桥下' }, description: SAND_MINING },
    ],
    [
      'when the reporter types 修改2 at once, then only the description is asked again',
      ['举报', '1', SAND_MINING, '临城县张庄村', '跳过', '匿名', '修改2', '河道里堆了很多建筑垃圾', '确认'],
      {},
      { description: '河道里堆了很多建筑垃圾', place: { address: '临城县张庄村' } },
    ],
    [
      'when free text describes a problem, then it is the description and only the category is asked first',
      [SAND_MINING, '1', '临城县张庄村', '跳过', '匿名', '确认'],
      {},
      { category: 'river_lake', description: SAND_MINING },
    ],
    [
      'when the reporter sends a photo first, then the photo is kept and the report starts',
      [image('m-9'), '1', SAND_MINING, riverBank, '好了', '匿名', '确认'],
      {},
      { photos: ['m-9'] },
    ],
    [
      'when an out-of-scope report is continued with 继续, then it is submitted',
      ['举报', '1', '化工厂往河里偷排废水，河里的鱼都死了', '继续', '临城县张庄村', '跳过', '匿名', '确认'],
      {},
      { description: '化工厂往河里偷排废水，河里的鱼都死了' },
    ],
    [
      'when 9 (咨询) is chosen, then no place or photos are asked and the question is submitted',
      ['举报', '9', '农村饮水工程坏了，维修的钱从哪里出', '13800138000', '确认'],
      {},
      {
        category: 'consult',
        description: '农村饮水工程坏了，维修的钱从哪里出',
        place: {},
        photos: [],
        reporter: { anonymous: false, phone: '13800138000' },
      },
    ],
    [
      'when a consultation is filed with 提交 after the answers, then it is submitted as a consult case',
      ['咨询 打井需要办理取水许可吗', '提交', '匿名', '确认'],
      {},
      { category: 'consult', description: '打井需要办理取水许可吗', place: {} },
    ],
    [
      'when the phone has spaces and a +86 prefix, then it is stored as digits',
      ['举报', '1', SAND_MINING, '张庄村', '跳过', '电话 +86 138 0013 8000', '确认'],
      {},
      { reporter: { anonymous: false, phone: '13800138000' } },
    ],
  ])('%s', (_name, turns, context, expected) => {
    const { last, session } = converse(turns, { context });
    expect(last.outcome).toEqual({ type: 'submit-case', draft: expect.objectContaining(expected) });
    expect(session).toBeUndefined();
  });

  it('when the dialog submits, then the draft passes submitCaseSchema once the adapter adds the channel and photo ids', () => {
    const { last } = converse([
      '举报',
      '1',
      SAND_MINING,
      riverBank,
      image('m-1'),
      '好了',
      '13800138000',
      '确认',
    ]);
    if (last.outcome?.type !== 'submit-case') throw new Error('no submission');
    const { draft } = last.outcome;
    const parsed = submitCaseSchema.safeParse({
      ...draft,
      channel: 'official_account',
      photos: draft.photos.map(() => 'a'.repeat(64)),
    });
    expect(parsed.success).toBe(true);
  });
});

describe('stepDialog: the report dialog step by step', () => {
  it.each<[string, Turn[], { reply: string | RegExp; step?: string; session?: 'none' }]>([
    [
      'when 举报 is sent, then the numbered list of the 8 categories plus 9 咨询 is shown',
      ['举报'],
      { reply: /1 河湖突出问题[\s\S]*8 水利部行政审批问题\n9 咨询/, step: 'category' },
    ],
    [
      'when the category is not understood, then it is asked again',
      ['举报', '今天天气不错'],
      { reply: replies.categoryRetry, step: 'category' },
    ],
    [
      'when the description is too short, then more is asked',
      ['举报', '1', '河'],
      { reply: '至少5个字', step: 'description' },
    ],
    [
      'when a voice message was not recognised, then the reporter is asked to repeat',
      ['举报', '1', { kind: 'voice' }],
      { reply: replies.voiceNotRecognised, step: 'description' },
    ],
    [
      'when the signboard place is declined, then a location or address is asked for',
      [{ kind: 'scene', signboard }, '1', SAND_MINING, '不是'],
      { reply: replies.placePrompt, step: 'place' },
    ],
    [
      'when a signboard is scanned while the place is asked, then the signboard place is offered',
      ['举报', '1', SAND_MINING, { kind: 'scene', signboard }],
      { reply: '问题是在临城县消水河（公示牌附近）吗', step: 'place' },
    ],
    [
      'when a signboard is scanned before the place is asked, then the current question is repeated',
      ['举报', { kind: 'scene', signboard }],
      { reply: /您扫的是临城县消水河[\s\S]*请问是哪类问题/, step: 'category' },
    ],
    [
      'when a location arrives before the place question, then the place is not asked again',
      ['举报', '1', riverBank, SAND_MINING],
      { reply: '有现场照片', step: 'photos' },
    ],
    [
      'when a location is sent outside a dialog, then a report starts with that place',
      [riverBank, '1', SAND_MINING],
      { reply: '有现场照片', step: 'photos' },
    ],
    [
      'when 1 is typed but no place was offered, then a location or address is asked for',
      ['举报', '1', SAND_MINING, '1'],
      { reply: replies.placePrompt, step: 'place' },
    ],
    [
      'when the typed address is too long, then a shorter one is asked for',
      ['举报', '1', SAND_MINING, '村'.repeat(201)],
      { reply: '200个字以内', step: 'place' },
    ],
    [
      'when the same photo arrives twice (a WeChat retry), then it is counted once',
      ['举报', '1', SAND_MINING, '张庄村', image('a'), image('a'), image('b')],
      { reply: '收到第2张照片', step: 'photos' },
    ],
    [
      'when a photo arrives, then it is counted',
      ['举报', '1', SAND_MINING, '张庄村', image('a'), image('b')],
      { reply: '收到第2张照片。还能发7张', step: 'photos' },
    ],
    [
      'when the 9th photo arrives, then the reporter is told the photos are full',
      ['举报', '1', SAND_MINING, '张庄村', ...'123456789'.split('').map((n) => image(`p${n}`))],
      { reply: '已经满9张', step: 'photos' },
    ],
    [
      'when a 10th photo arrives, then it is refused politely',
      ['举报', '1', SAND_MINING, '张庄村', ...'0123456789'.split('').map((n) => image(`p${n}`))],
      { reply: '最多只能发9张照片，这张没有收下', step: 'photos' },
    ],
    [
      'when the phone number is invalid, then it is asked again',
      ['举报', '1', SAND_MINING, '张庄村', '跳过', '12345'],
      { reply: replies.contactRetry, step: 'contact' },
    ],
    [
      'when the phone number is valid, then the summary lists every field with a number',
      ['举报', '1', SAND_MINING, '张庄村', image('a'), '好了', '0551-62345678'],
      {
        reply: /1 类别：河湖突出问题\n2 情况：.+\n3 地点：张庄村\n4 照片：1张\n5 电话：055162345678/,
        step: 'summary',
      },
    ],
    [
      'when 修改 is sent at the summary, then the fields are offered by number',
      ['举报', '1', SAND_MINING, '张庄村', '跳过', '匿名', '修改'],
      { reply: '要改哪一项', step: 'edit-choice' },
    ],
    [
      'when 返回 is sent while choosing a field, then the summary is shown again',
      ['举报', '1', SAND_MINING, '张庄村', '跳过', '匿名', '修改', '返回'],
      { reply: replies.summaryFooter, step: 'summary' },
    ],
    [
      'when the photos are changed, then the old ones are cleared and new ones asked for',
      ['举报', '1', SAND_MINING, '张庄村', image('a'), '好了', '匿名', '修改', '4'],
      { reply: replies.photosCleared, step: 'photos' },
    ],
    [
      'when 取消 is sent, then the report is abandoned politely',
      ['举报', '1', SAND_MINING, '取消'],
      { reply: replies.cancelled, session: 'none' },
    ],
    [
      'when 举报 is sent again mid-way, then nothing is lost and the question is repeated',
      ['举报', '1', '举报'],
      { reply: replies.inDialogHelp, step: 'description' },
    ],
    [
      'when the QUERY menu is tapped mid-way, then the unfinished report is dropped with a note',
      ['举报', '1', { kind: 'menu', key: 'QUERY' }],
      { reply: replies.dialogLeft, session: 'none' },
    ],
    [
      'when an out-of-scope pollution report is described, then the 12369 referral is shown before submission',
      ['举报', '1', '村边的化工厂晚上偷偷往河里排污水，河水发黑发臭'],
      { reply: /12369[\s\S]*继续/, step: 'scope-referral' },
    ],
    [
      'when free text reports pollution, then the referral comes at once',
      ['养猪场的粪水直接排进河里，河水又黑又臭'],
      { reply: '12369', step: 'scope-referral' },
    ],
    [
      'when the reporter does not continue after a referral, then the message is handled afresh',
      ['养猪场的粪水直接排进河里，河水又黑又臭', '帮助'],
      { reply: replies.help, session: 'none' },
    ],
    [
      'when free text describes a problem, then the dialog is offered with the category question',
      [SAND_MINING],
      { reply: replies.freeTextOffer, step: 'category' },
    ],
    [
      'when HTML is typed as the description, then plain words are asked for and the step is kept',
      ['举报', '1', '<img src=x onerror=alert(1)>河道里有垃圾'],
      { reply: replies.htmlRejected, step: 'description' },
    ],
    [
      'when an over-long description is sent, then it is refused politely and the step is kept',
      ['举报', '1', '河'.repeat(2001)],
      { reply: '请控制在2000个字以内', step: 'description' },
    ],
  ])('%s', (_name, turns, expected) => {
    const { session, lastReply } = converse(turns);
    if (typeof expected.reply === 'string') expect(lastReply).toContain(expected.reply);
    else expect(lastReply).toMatch(expected.reply);
    if (expected.session === 'none') expect(session).toBeUndefined();
    if (expected.step) expect(session).toMatchObject({ flow: 'report', step: expected.step });
  });

  it('when a 10th photo is refused, then the draft keeps exactly 9 photos', () => {
    const photos = '0123456789'.split('').map((n) => image(`p${n}`));
    const { session } = converse(['举报', '1', SAND_MINING, '张庄村', ...photos]);
    expect(session).toMatchObject({
      draft: { photos: photos.slice(0, 9).map((p) => (p as { mediaRef: string }).mediaRef) },
    });
  });

  it('when an over-long text is sent, then no draft field holds it', () => {
    const { session } = converse(['举报', '1', '河'.repeat(2001)]);
    expect(session).toMatchObject({ draft: { photos: [] } });
    expect(session && 'draft' in session ? session.draft.description : 'none').toBeUndefined();
  });
});

describe('stepDialog: session expiry', () => {
  it('when the reporter comes back after more than 30 minutes, then the draft is gone and they start over', () => {
    const { session } = converse(['举报', '1']);
    const later = new Date(START.getTime() + (1 + 31) * 60_000);
    const step = stepDialog(session, { kind: 'text', text: SAND_MINING }, later, baseContext);
    expect(step.replies[0]).toBe(replies.expired.replace('{minutes}', '30'));
    expect(step.replies[1]).toContain(replies.freeTextOffer);
    expect(step.session).toMatchObject({ step: 'category', draft: { description: SAND_MINING } });
    expect(step.session).not.toMatchObject({ draft: { category: 'river_lake' } });
  });

  it('when the reporter answers after exactly 30 minutes, then the session is still alive', () => {
    const { session } = converse(['举报', '1'], { minutesApart: 30 });
    expect(session).toMatchObject({ step: 'description', draft: { category: 'river_lake' } });
  });

  it('when an expired reporter answers with a bare number, then the expiry is explained and a hint follows', () => {
    const { last } = converse(['举报', '1'], { minutesApart: 45 });
    expect(last.replies).toEqual([replies.expired.replace('{minutes}', '30'), replies.unknownHint]);
  });
});

describe('stepDialog: commands outside the report dialog', () => {
  it.each<[string, Turn[], Partial<DialogContext>, { outcome?: object; reply?: string; session?: object }]>([
    ['when 查询 is sent, then the cases are listed', ['查询'], {}, { outcome: { type: 'list-cases' } }],
    [
      'when 查询 with a tracking number is sent, then that case is shown',
      ['查询 SL20261123000042'],
      {},
      { outcome: { type: 'show-case', trackingNumber: 'SL20261123000042' } },
    ],
    [
      'when a lower-case number follows 查询 without a space, then it is understood',
      ['查询sl20261123000042'],
      {},
      { outcome: { type: 'show-case', trackingNumber: 'SL20261123000042' } },
    ],
    [
      'when only a tracking number is sent, then that case is shown',
      ['SL20261123000042'],
      {},
      { outcome: { type: 'show-case', trackingNumber: 'SL20261123000042' } },
    ],
    [
      'when 查询 has a wrong number, then the format is explained',
      ['查询 SL2026'],
      {},
      { reply: replies.queryBadNumber },
    ],
    [
      'when the QUERY menu is tapped, then the cases are listed',
      [{ kind: 'menu', key: 'QUERY' }],
      {},
      { outcome: { type: 'list-cases' } },
    ],
    [
      'when 咨询 has a question, then the knowledge base is consulted and filing is offered',
      ['咨询 打井要办什么手续'],
      {},
      { outcome: { type: 'consult', question: '打井要办什么手续' }, session: { step: 'consult-offer' } },
    ],
    [
      'when 咨询 has no question, then the question is asked for',
      ['咨询'],
      {},
      { reply: replies.consultAsk, session: { flow: 'consult-question' } },
    ],
    [
      'when the CONSULT menu is tapped and a question follows, then it is consulted',
      [{ kind: 'menu', key: 'CONSULT' }, '农村饮水工程归谁管'],
      {},
      { outcome: { type: 'consult', question: '农村饮水工程归谁管' } },
    ],
    [
      'when the consultation question is one character, then a fuller question is asked for',
      ['咨询', '井'],
      {},
      { reply: replies.consultTooShort, session: { flow: 'consult-question' } },
    ],
    [
      'when 取消 is sent instead of a question, then the bot stops asking',
      ['咨询', '取消'],
      {},
      { reply: replies.stopped },
    ],
    ['when 帮助 is sent, then the help explains what 12314 accepts', ['帮助'], {}, { reply: replies.help }],
    [
      'when the HELP menu is tapped, then the help is shown',
      [{ kind: 'menu', key: 'HELP' }],
      {},
      { reply: replies.help },
    ],
    [
      'when the reporter follows the account, then they are welcomed',
      [{ kind: 'follow' }],
      {},
      { reply: replies.welcome },
    ],
    [
      'when the text is not understood, then a short hint is given',
      ['今天天气不错'],
      {},
      { reply: replies.unknownHint },
    ],
    [
      'when a short problem-less text is sent, then a hint is given',
      ['好的'],
      {},
      { reply: replies.unknownHint },
    ],
    [
      'when HTML is sent outside a dialog, then plain words are asked for',
      ['<b>你好</b>'],
      {},
      { reply: replies.htmlRejected },
    ],
    [
      'when over-long text is sent outside a dialog, then it is refused politely',
      ['查'.repeat(3000)],
      {},
      { reply: '2000个字以内' },
    ],
    [
      'when an unrecognised voice is sent outside a dialog, then the reporter is asked to repeat',
      [{ kind: 'voice', recognition: '' }],
      {},
      { reply: replies.voiceNotRecognised },
    ],
    [
      'when a case waits for information and 补充 is sent, then the text is attached to that case',
      ['补充 水还是没来，已经五天了'],
      { pendingSupplement: { trackingNumber: 'SL20261123000042' } },
      { outcome: { type: 'supplement', trackingNumber: 'SL20261123000042', text: '水还是没来，已经五天了' } },
    ],
    [
      'when a case waits for information and plain text is sent, then it is the supplement',
      ['水管是上个月修的，修完又坏了'],
      { pendingSupplement: { trackingNumber: 'SL20261123000042' } },
      {
        outcome: {
          type: 'supplement',
          trackingNumber: 'SL20261123000042',
          text: '水管是上个月修的，修完又坏了',
        },
      },
    ],
    [
      'when 补充 names a case, then that number is used',
      ['补充 SL20261120000007 村委会已经知道了'],
      {},
      { outcome: { type: 'supplement', trackingNumber: 'SL20261120000007', text: '村委会已经知道了' } },
    ],
    [
      'when 补充 has no text, then the text is asked for and the next message is attached',
      ['补充', '照片在村委会'],
      { pendingSupplement: { trackingNumber: 'SL20261123000042' } },
      { outcome: { type: 'supplement', trackingNumber: 'SL20261123000042', text: '照片在村委会' } },
    ],
  ])('%s', (_name, turns, context, expected) => {
    const { last, session, lastReply } = converse(turns, { context });
    if (expected.outcome) expect(last.outcome).toEqual(expected.outcome);
    else expect(last.outcome).toBeUndefined();
    if (expected.reply) expect(lastReply).toContain(expected.reply);
    if (expected.session) expect(session).toMatchObject(expected.session);
  });

  it('when the help is shown, then it names 举报, 查询, 咨询 and the 12314 hotline', () => {
    for (const text of [replies.help, replies.welcome]) {
      for (const word of ['举报', '查询', '咨询', '12314']) expect(text).toContain(word);
    }
  });
});

describe('stepDialog: never silent', () => {
  it('when no outcome is produced, then the reporter always gets a reply', () => {
    const inputs: InboundChat[] = [
      { kind: 'text', text: '？？' },
      { kind: 'location', latitude: 999, longitude: 0 },
      { kind: 'menu', key: 'HELP' },
      { kind: 'voice' },
    ];
    for (const inbound of inputs) {
      const step = stepDialog(undefined, inbound, START, baseContext);
      expect(step.outcome !== undefined || step.replies.length > 0).toBe(true);
    }
  });
});
