import { loadOutOfScopeRules, parseOutOfScopeRules } from '../../../config/domain/out-of-scope-rules';
import rawRules from '../../../config/domain/out-of-scope-rules.json';
import pairs from '../../../tests/fixtures/duplicate-pairs.json';
import { detectOutOfScope } from './out-of-scope';

const rules = loadOutOfScopeRules();

describe('detectOutOfScope', () => {
  it.each([
    [
      'when a chemical plant discharges into the river, then it goes to 12369',
      '村边的化工厂晚上偷偷往河里排污水，河水发黑发臭，死了好多鱼',
      'pollution',
    ],
    [
      'when a pig farm drains manure into the river, then it goes to 12369',
      '养猪场的粪水直接排进河里，河水又黑又臭',
      'pollution',
    ],
    ['when a paper mill secretly discharges, then it goes to 12369', '造纸厂往江里偷排废水', 'pollution'],
    ['when sewage flows into the river, then it goes to 12369', '村里的生活污水直接流进河里', 'pollution'],
    [
      'when the reporter has already sued, then it is litigation',
      '我已经向法院起诉了，法院判决后对方还是不拆',
      'litigation',
    ],
    ['when arbitration is mentioned, then it is litigation', '承包合同纠纷已经申请仲裁了', 'litigation'],
    [
      'when the reporter applies for a statutory duty, then it is a statutory-duty request',
      '我申请县水利局履行法定职责，依法查处非法采砂',
      'statutory-duty',
    ],
    [
      'when water staff take bribes, then it goes to the discipline group',
      '县水利局的工作人员收红包，帮人办取水证',
      'misconduct',
    ],
    ['when a cadre embezzles, then it goes to the discipline group', '村干部贪污移民补偿款', 'misconduct'],
    [
      'when it is an open petition matter, then it goes to the petition platform',
      '我的信访事项三年了没有答复',
      'petition',
    ],
  ])('%s', (_name, description, kind) => {
    expect(detectOutOfScope(description, rules)).toMatchObject({ kind, matched: expect.any(Array) });
  });

  it.each([
    [
      'when garbage in the river is called pollution, then it stays with water authorities (乱堆)',
      '河道里的垃圾污染很严重，塑料袋到处都是',
    ],
    ['when dumped garbage smells, then it stays in scope', '消水河河滩上每天都有人拉垃圾来倒，夏天臭得很'],
    [
      'when rural tap water tastes odd, then it stays in scope (农村饮水)',
      '我们村的自来水有股怪味，烧开了也有',
    ],
    ['when the rural water plant delivers muddy water, then it stays in scope', '水厂放出来的水是浑的'],
    [
      'when mud from erosion reaches the river, then it stays in scope (水土保持)',
      '工地弃土乱倒，下雨后泥水冲到无定河里',
    ],
    [
      'when the reporter does not want to sue, then it stays in scope',
      '不想打官司，请水利部门管一管河边的违建',
    ],
    ['when the reporter asks the department to handle it, then it stays in scope', '请水利部门依法处理'],
    [
      'when an earlier petition is mentioned in passing, then it stays in scope',
      '我去镇上上访了三次，自来水还是不通',
    ],
  ])('%s', (_name, description) => {
    expect(detectOutOfScope(description, rules)).toBeNull();
  });

  it('when a finding is made, then the referral names the other channel and the matched words', () => {
    expect(detectOutOfScope('造纸厂往江里偷排废水', rules)).toEqual({
      kind: 'pollution',
      referral: expect.stringContaining('12369'),
      matched: expect.arrayContaining(['偷排']),
    });
    expect(detectOutOfScope('县水利局的工作人员收红包', rules)?.referral).toContain('010-63547278');
    expect(detectOutOfScope('我的信访事项没有答复', rules)?.referral).toContain('010-63202018');
  });

  it('when the realistic in-scope reports of the duplicate set are checked, then none is flagged', () => {
    const flagged = pairs
      .flatMap((pair) => [pair.a, pair.b])
      .filter((report) => detectOutOfScope(report.description, rules) !== null)
      .map((report) => report.id);
    expect(flagged).toEqual([]);
  });
});

describe('out-of-scope rules', () => {
  it.each([
    ['when a pattern is not a valid regular expression, then loading fails', { patterns: ['排污('] }],
    ['when a referral is too long for a chat reply, then loading fails', { referral: '请'.repeat(200) }],
  ])('%s', (_name, change) => {
    const [first, ...rest] = rawRules.kinds;
    expect(() => parseOutOfScopeRules({ ...rawRules, kinds: [{ ...first, ...change }, ...rest] })).toThrow();
  });
});
