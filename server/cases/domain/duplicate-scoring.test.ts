import { loadDuplicateRules, parseDuplicateRules } from '../../../config/domain/duplicate-rules';
import rawRules from '../../../config/domain/duplicate-rules.json';
import {
  decideDuplicate,
  findDuplicateCandidates,
  isNearby,
  listRelatedCategories,
  measureDistanceKm,
  scoreDuplicate,
  shareCategoryFamily,
  tokenizeDescription,
  type CasePlace,
  type DuplicateCase,
} from './duplicate-scoring';

const rules = loadDuplicateRules();
const LINGBI = { latitude: 33.4621, longitude: 117.431 };

function makeCase(
  overrides: Partial<DuplicateCase> & Pick<DuplicateCase, 'id' | 'description'>,
): DuplicateCase {
  return {
    category: 'river_lake',
    place: { regionCode: '341323', waterBody: '北沱河' },
    createdAt: new Date('2020-04-08T10:00:00+08:00'),
    ...overrides,
  };
}

describe('tokenizeDescription', () => {
  it.each([
    [
      'when the text has particles and complaint phrases, then they are dropped',
      '我们村的河道有人挖沙，请求处理',
      ['村', '河道', '挖沙'],
    ],
    ['when the text has numbers, then they are kept', '一车水要80块', ['一车', '水', '80', '块']],
    ['when the text has latin letters, then they are lower-cased', 'GPS定位不准', ['gps', '定位', '不准']],
    ['when the text is only punctuation, then no tokens are left', '！？。，', []],
  ])('%s', (_name, text, expected) => {
    expect(tokenizeDescription(text)).toEqual(expected);
  });
});

describe('isNearby', () => {
  const north = (metres: number): CasePlace => ({
    latitude: LINGBI.latitude + metres / 111_320,
    longitude: LINGBI.longitude,
  });
  it.each<[string, CasePlace, CasePlace, boolean]>([
    ['when two points are 800 m apart, then they are nearby', LINGBI, north(800), true],
    ['when two points are 1.2 km apart, then they are not', LINGBI, north(1200), false],
    [
      'when two points on one river are 15 km apart, then the coordinates win over the shared name',
      { ...LINGBI, waterBody: '北沱河' },
      { latitude: 33.598, longitude: 117.679, waterBody: '北沱河' },
      false,
    ],
    [
      'when only the water body matches, then they are nearby',
      { waterBody: '沂河' },
      { waterBody: ' 沂河 ' },
      true,
    ],
    [
      'when the region matches but the water bodies differ, then they are not',
      { regionCode: '511322', waterBody: '流江河' },
      { regionCode: '511322', waterBody: '消水河' },
      false,
    ],
    [
      'when only the 6-digit region matches, then they are nearby',
      { regionCode: '500235' },
      { regionCode: '500235' },
      true,
    ],
    ['when the regions differ, then they are not', { regionCode: '450981' }, { regionCode: '450921' }, false],
    [
      'when one region holds two different towns, then they are not',
      { regionCode: '422802', address: '利川市忠路镇老屋基村' },
      { regionCode: '422802', address: '湖北省恩施州利川市文斗乡长顺村' },
      false,
    ],
    [
      'when one town holds two different villages, then they are not',
      { regionCode: '141124', address: '临县安业乡前青塘村' },
      { regionCode: '141124', address: '临县安业乡后青塘村' },
      false,
    ],
    [
      'when one address names the village and the other only the town, then they are nearby',
      { regionCode: '500235', address: '重庆市云阳县南溪镇青树村' },
      { regionCode: '500235', address: '云阳县南溪镇' },
      true,
    ],
    [
      'when a county name starts with 镇, then it is not taken for a town',
      { regionCode: '220821', address: '吉林省白城市镇赉县莫莫格乡东屯' },
      { regionCode: '220821', address: '镇赉县莫莫格乡东屯' },
      true,
    ],
    ['when nothing comparable is given, then they are not', { address: '河边' }, { address: '村口' }, false],
  ])('%s', (_name, a, b, expected) => {
    expect(isNearby({ place: a }, { place: b }, rules)).toBe(expected);
    expect(isNearby({ place: b }, { place: a }, rules)).toBe(expected);
  });

  it('when both places have coordinates, then the distance is the haversine distance', () => {
    expect(measureDistanceKm(LINGBI, north(1000))).toBeCloseTo(1, 2);
    expect(measureDistanceKm(LINGBI, { regionCode: '341323' })).toBeUndefined();
  });
});

describe('shareCategoryFamily', () => {
  it.each([
    ['when both are river reports, then they can merge', 'river_lake', 'river_lake', true],
    ['when a dike hazard is filed as river or disaster, then they can merge', 'river_lake', 'disaster', true],
    [
      'when drought drinking water is filed as disaster, then it can merge with rural water',
      'disaster',
      'rural_water',
      true,
    ],
    ['when one is rural water and one resettlement, then they cannot', 'rural_water', 'resettlement', false],
    ['when one is a consultation, then it never merges with a report', 'consult', 'rural_water', false],
    ['when both are consultations, then they never merge', 'consult', 'consult', false],
  ])('%s', (_name, a, b, expected) => {
    expect(shareCategoryFamily(a, b, rules)).toBe(expected);
  });

  it('when listing categories related to soil, then its family is returned and consult is not', () => {
    expect(listRelatedCategories('soil', rules).sort()).toEqual([
      'disaster',
      'project',
      'river_lake',
      'soil',
    ]);
    expect(listRelatedCategories('consult', rules)).toEqual([]);
  });
});

describe('scoreDuplicate', () => {
  const detailed = makeCase({
    id: 'a',
    description: '有人侵占河沿种植农作物，北沱河的河坡上全种满了小麦和玉米，汛期影响行洪。',
    place: { address: '安徽省宿州市灵璧县尹集镇北沱河河沿', regionCode: '341323', waterBody: '北沱河' },
  });
  it.each<[string, Partial<DuplicateCase>, 'above' | 'below', RegExp]>([
    [
      'when an elderly reporter says the same thing briefly, then it scores above the suggest threshold',
      {
        description: '北沱河尹集段两边河坡被村民开荒种庄稼，一直种到水边了，没人管',
        place: { ...LINGBI, regionCode: '341323', waterBody: '北沱河' },
      },
      'above',
      /主要问题相同/,
    ],
    [
      'when the same river has a different problem, then it scores below',
      { description: '尹集镇北沱河上有人私自修了个拦河闸，把水拦住浇地，下游没水了。' },
      'below',
      /主要问题不同/,
    ],
    [
      'when the same problem is reported a year later, then the time window closes it',
      { description: '北沱河河坡又被人种满了小麦', createdAt: new Date('2021-05-01T10:00:00+08:00') },
      'below',
      /超过90天/,
    ],
    [
      'when the category is unrelated, then it scores zero',
      { category: 'resettlement', description: '北沱河边的移民后期扶持资金没发' },
      'below',
      /类别不可合并/,
    ],
  ])('%s', (_name, overrides, side, reason) => {
    const result = scoreDuplicate(
      detailed,
      makeCase({ id: 'b', ...overrides, description: overrides.description ?? '' }),
      rules,
    );
    if (side === 'above') expect(result.score).toBeGreaterThanOrEqual(rules.thresholds.suggest);
    else expect(result.score).toBeLessThan(rules.thresholds.suggest);
    expect(result.reasons.join(' ')).toMatch(reason);
  });

  it('when two approval complaints name different applicants, then they score zero however alike', () => {
    const approval = (id: string, company: string) =>
      makeCase({
        id,
        category: 'approval',
        description: `${company}申请的安全生产考核一直显示审核中，超时了`,
        place: { regionCode: '110102' },
      });
    const result = scoreDuplicate(
      approval('a', '湖北华禹建设工程有限公司'),
      approval('b', '江西赣建水利工程有限公司'),
      rules,
    );
    expect(result).toMatchObject({ score: 0, nearby: true });
    expect(result.reasons.join(' ')).toMatch(/涉及单位不同/);
  });

  it('when two reports are scored either way round, then the score is the same', () => {
    const other = makeCase({ id: 'b', description: '北沱河河坡上种满了庄稼' });
    expect(scoreDuplicate(detailed, other, rules).score).toBe(scoreDuplicate(other, detailed, rules).score);
  });
});

describe('findDuplicateCandidates and decideDuplicate', () => {
  const original = makeCase({
    id: 'old',
    reporterKey: 'wx:o1',
    category: 'rural_water',
    description: '通渭县马营镇华川村自来水停水半个月了，村里人只能拉水喝，一车水要80块。',
    place: { address: '甘肃省定西市通渭县马营镇华川村', regionCode: '621121' },
    createdAt: new Date('2021-12-01T09:00:00+08:00'),
  });
  const resubmitted = { ...original, id: 'new', createdAt: new Date('2021-12-04T09:00:00+08:00') };
  const unrelated = { ...original, id: 'fee', description: '华川村每户收了300元入户费，水表到现在也没装。' };

  it('when the same reporter resubmits, then the case is merged without staff', () => {
    const decision = decideDuplicate(resubmitted, [unrelated, original], rules);
    expect(decision.kind).toBe('auto-merge');
    expect(decision.kind === 'auto-merge' && decision.target.caseId).toBe('old');
  });

  it('when someone else reports the same problem, then it is only suggested to staff', () => {
    const decision = decideDuplicate({ ...resubmitted, reporterKey: 'tel:2' }, [original], rules);
    expect(decision).toMatchObject({ kind: 'suggest', candidates: [{ caseId: 'old' }] });
  });

  it('when nothing is similar, then the decision is none', () => {
    expect(decideDuplicate(unrelated, [original], rules)).toEqual({ kind: 'none', candidates: [] });
  });

  it('when candidates are listed, then the case itself is skipped and the best comes first', () => {
    const paraphrase = { ...original, id: 'short', description: '华川村停水半个月了，拉水吃，没人来修' };
    const found = findDuplicateCandidates(resubmitted, [resubmitted, paraphrase, original, unrelated], rules);
    expect(found.map((candidate) => candidate.caseId)).toEqual(['old', 'short']);
  });
});

describe('duplicate rules', () => {
  it('when the shipped rules are loaded, then they are frozen', () => {
    expect(Object.isFrozen(rules)).toBe(true);
  });

  it.each([
    ['when a family names an unknown category, then loading fails', { categoryFamilies: { x: ['lake'] } }],
    [
      'when suggest is above auto-merge, then loading fails',
      { thresholds: { suggest: 0.9, autoMerge: 0.5 } },
    ],
  ])('%s', (_name, change) => {
    expect(() => parseDuplicateRules({ ...rawRules, ...change })).toThrow();
  });
});
