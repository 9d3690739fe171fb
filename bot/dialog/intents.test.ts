import { loadBotTexts } from '../../config/domain/bot-texts';
import { loadOrganisation } from '../../config/domain/organisation';
import {
  containsHtml,
  looksLikeProblem,
  parseChoiceNumber,
  parseTrackingNumber,
  recogniseCategory,
  recogniseCommand,
  splitTrackingNumber,
} from './intents';

const { words } = loadBotTexts();
const { categories } = loadOrganisation();

describe('recogniseCategory', () => {
  it.each([
    ['when the reporter answers 1, then it is the first category', '1', 'river_lake'],
    ['when the digit is full-width, then it still counts', '２', 'rural_water'],
    ['when the number is written in Chinese, then it still counts', '三', 'project'],
    ['when the answer is 第5个, then it is the fifth category', '第5个', 'soil'],
    ['when the answer ends with 。, then it is ignored', '8。', 'approval'],
    ['when the answer is 9, then it is a consultation', '9', 'consult'],
    ['when the reporter says 停水, then it is rural drinking water', '停水', 'rural_water'],
    ['when the reporter says 有人采砂, then it is river and lake', '有人采砂', 'river_lake'],
    ['when the reporter says 水库, then it is a water project', '水库', 'project'],
    ['when the reporter says 水库移民, then the name decides the tie', '水库移民', 'resettlement'],
    ['when the reporter says 水土流失, then it is soil conservation', '水土流失', 'soil'],
    ['when the reporter says 防汛, then it is flood and drought defence', '防汛', 'disaster'],
    ['when the reporter types part of a name, then the name matches', '河湖', 'river_lake'],
    ['when the reporter says 咨询, then it is a consultation', '咨询', 'consult'],
  ])('%s', (_name, text, expected) => {
    expect(recogniseCategory(text, categories, words)).toBe(expected);
  });

  it.each([
    ['when the number is out of the list, then nothing is chosen', '10'],
    ['when the answer is 0, then nothing is chosen', '0'],
    ['when the answer is one character, then nothing is chosen', '水'],
    ['when the words mean nothing here, then nothing is chosen', '今天天气不错'],
  ])('%s', (_name, text) => {
    expect(recogniseCategory(text, categories, words)).toBeUndefined();
  });
});

describe('recogniseCommand', () => {
  it.each([
    ['when the text is 举报, then it is a report', '举报', { kind: 'report', argument: '' }],
    ['when the text is 我要举报。, then it is a report', '我要举报。', { kind: 'report', argument: '' }],
    [
      'when 举报 is followed by the problem, then the rest is the argument',
      '举报：村里有人在河道挖沙',
      { kind: 'report', argument: '村里有人在河道挖沙' },
    ],
    [
      'when 举报 is inside a long sentence, then the whole sentence is the argument',
      '你好我想举报一下村里河道挖沙的事',
      { kind: 'report', argument: '你好我想举报一下村里河道挖沙的事' },
    ],
    ['when the text is 查询, then it is a query', '查询', { kind: 'query', argument: '' }],
    [
      'when 查询 carries a number, then the number is the argument',
      '查询 SL20261123000042',
      { kind: 'query', argument: 'SL20261123000042' },
    ],
    [
      'when 咨询 carries a question, then the question is the argument',
      '咨询：打井要办什么手续？',
      { kind: 'consult', argument: '打井要办什么手续？' },
    ],
    ['when the text is 帮助, then it is help', '帮助', { kind: 'help', argument: '' }],
    ['when the text is a greeting, then it is help', '您好', { kind: 'help', argument: '' }],
    ['when the text is a full-width question mark, then it is help', '？', { kind: 'help', argument: '' }],
    [
      'when 补充 carries text, then the text is the argument',
      '补充 水还是没来',
      { kind: 'supplement', argument: '水还是没来' },
    ],
    ['when the text is 复查, then it is a review request', '复查', { kind: 'review', argument: '' }],
    [
      'when 申请复查 carries a reason, then the reason is the argument',
      '申请复查：河里还在挖沙',
      { kind: 'review', argument: '河里还在挖沙' },
    ],
  ])('%s', (_name, text, expected) => {
    expect(recogniseCommand(text, words)).toEqual(expected);
  });

  it('when the text is no command, then nothing is recognised', () => {
    expect(recogniseCommand('今天天气不错', words)).toBeUndefined();
  });
});

describe('parseTrackingNumber', () => {
  it.each([
    ['when the number is exact, then it is kept', 'SL20261123000042', 'SL20261123000042'],
    ['when it is lower case with spaces, then it is normalised', 'sl2026 1123 000042', 'SL20261123000042'],
    ['when it is full-width, then it is normalised', 'ＳＬ２０２６１１２３００００４２', 'SL20261123000042'],
    ['when a digit is missing, then it is no number', 'SL2026112300004', undefined],
    ['when the prefix is wrong, then it is no number', 'XL20261123000042', undefined],
  ])('%s', (_name, text, expected) => {
    expect(parseTrackingNumber(text)).toBe(expected);
  });
});

describe('small recognisers', () => {
  it.each([
    ['when the text is 1, then it is choice 1', '1', 1],
    ['when the text is ①, then it is choice 1', '①', 1],
    ['when the text is 九, then it is choice 9', '九', 9],
    ['when the text is 12, then it is no choice', '12', undefined],
  ])('%s', (_name, text, expected) => {
    expect(parseChoiceNumber(text)).toBe(expected);
  });

  it.each([
    [
      'when a long text names a problem, then it looks like a problem',
      '村东头河道里天天有人挖沙，没人管',
      true,
    ],
    ['when a text is short, then it does not', '停水了', false],
    ['when a long text names no problem, then it does not', '今天天气不错，我们出去走走吧', false],
  ])('%s', (_name, text, expected) => {
    expect(looksLikeProblem(text, words)).toBe(expected);
  });

  it.each([
    ['when a script tag is sent, then it is HTML', '<script>alert(1)</script>', true],
    ['when a closing tag is sent, then it is HTML', '河道</b>', true],
    ['when a comparison is typed, then it is not HTML', '水位 < 3 米', false],
  ])('%s', (_name, text, expected) => {
    expect(containsHtml(text)).toBe(expected);
  });

  it('when a supplement names a case, then the number is split off', () => {
    expect(splitTrackingNumber('SL20261123000042 水还是没来')).toEqual({
      trackingNumber: 'SL20261123000042',
      rest: '水还是没来',
    });
  });
});
