/**
 * Realistic synthetic cases for the benchmark: the categories, places and phrasing of real 12314
 * reports (seeds 000 and 004), spread over two years, counties and water bodies.
 */
import { sealReporterIdentity } from '../server/identity/identity-crypto';
import { geoCellOf } from '../server/cases/domain/geo-cells';
import { CATEGORY_CODES, type CaseStatus, type CategoryCode } from '../server/cases/domain/case-types';

const COUNTIES = Array.from({ length: 300 }, (_, i) => {
  const province = ['13', '14', '32', '33', '34', '37', '41', '42', '43', '51', '53'][i % 11]!;
  return {
    code: `${province}${String(1 + (i % 17)).padStart(2, '0')}${String(1 + (i % 23)).padStart(2, '0')}`,
    lat: 25 + (i % 15),
    lng: 103 + (i % 17),
  };
});
const RIVERS = [
  '淠河',
  '沂河',
  '淮河',
  '汉江',
  '沱江',
  '湘江',
  '滹沱河',
  '汾河',
  '钱塘江',
  '大运河',
  '南四湖',
  '巢湖',
];
const TOWNS = ['东河口镇', '柳林乡', '石桥镇', '新集镇', '三河镇', '白塔乡', '王庄镇', '桃园乡'];
const PROBLEMS: Record<string, string[]> = {
  river_lake: [
    '有人在河道里非法采砂，挖掘机白天晚上都在干',
    '河边被人倒了很多建筑垃圾，把河道都堵窄了',
    '有人在河滩地上盖房子，侵占河道',
    '河岸上种满了玉米，占了行洪的地方',
  ],
  rural_water: [
    '村里自来水已经停了三天，老人孩子没水喝',
    '自来水时有时无，一周只来两天水',
    '水龙头里流出来的是黄泥水，不敢喝',
    '自来水管道修好一年了还没通水',
  ],
  project: [
    '水库大坝有裂缝，下雨天往外渗水',
    '灌区的渠道年久失修，水到不了地里',
    '新修的堤防偷工减料，石头一踩就松',
  ],
  resource: ['有企业私自打深井取水，没有取水证', '洗车店用自来水大水漫灌，浪费严重'],
  soil: ['工地开挖的土直接堆在山坡上，下雨冲进河里', '采石场把山挖得光秃秃的，水土流失严重'],
  resettlement: ['水库移民的后期扶持资金好几年没发到手', '移民安置房漏水，一直没人修'],
  disaster: ['河堤上有白蚁洞，汛期前没有处理', '村里的预警喇叭坏了，发洪水时听不到'],
  approval: ['取水许可申请交上去三个月了还在审核中', '水土保持方案审批超过承诺时限'],
  consult: ['想问一下农村饮水的水费应该怎么收', '河道管理范围内能不能建养殖场'],
};
const STATUSES: CaseStatus[] = [
  'received',
  'accepted',
  'assigned',
  'handling',
  'resolved',
  'closed',
  'closed',
  'closed',
];
const DEPARTMENT_OF: Record<string, string> = {
  river_lake: 'riverlake',
  rural_water: 'rural',
  project: 'operation',
  resource: 'resources',
  soil: 'soil',
  resettlement: 'resettlement',
  disaster: 'disaster',
  approval: 'approval',
  consult: 'office',
};

/** A deterministic pseudo-random sequence, so two runs measure the same data. */
export function createRandom(seed: number) {
  let state = seed >>> 0;
  const next = () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  return { next, pick: <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]! };
}

export function buildSubject(random: ReturnType<typeof createRandom>, now: Date) {
  const category = random.pick(CATEGORY_CODES) as CategoryCode;
  const county = random.pick(COUNTIES);
  const town = random.pick(TOWNS);
  return {
    category,
    description: `${town}${random.pick(PROBLEMS[category]!)}，请尽快处理。`,
    place: {
      address: `${town}`,
      regionCode: county.code,
      waterBody: random.pick(RIVERS),
      latitude: county.lat + random.next() * 0.05,
      longitude: county.lng + random.next() * 0.05,
    },
    createdAt: now,
  };
}

export function buildCaseDocument(
  index: number,
  random: ReturnType<typeof createRandom>,
  dataKey: Buffer,
  now: Date,
) {
  const createdAt = new Date(now.getTime() - random.next() * 730 * 24 * 3600 * 1000);
  const subject = buildSubject(random, createdAt);
  const status = random.pick(STATUSES);
  const phone = `13${String(100000000 + index).slice(0, 9)}`;
  const reporter = sealReporterIdentity(dataKey, { anonymous: false, phone });
  const assigned = !['received', 'accepted'].includes(status);
  const dueAt = new Date(createdAt.getTime() + 28 * 24 * 3600 * 1000);
  return {
    trackingNumber: `SL${createdAt.toISOString().slice(0, 10).replace(/-/g, '')}${String(index).padStart(6, '0')}`,
    channel: random.pick(['official_account', 'miniprogram', 'hotline'] as const),
    ...subject,
    geoCell: geoCellOf(subject.place),
    photos: [],
    reporter,
    reporterKeys: [reporter.phone!.hash],
    emergency: false,
    status,
    ...(assigned ? { assignment: { department: DEPARTMENT_OF[subject.category] } } : {}),
    deadlines: { handle: dueAt },
    ...(['resolved', 'closed'].includes(status)
      ? {}
      : { due: { kind: 'handle', at: dueAt, remindAt: new Date(dueAt.getTime() - 86400000) } }),
    reminderPending: false,
    escalationPending: false,
    returnCount: 0,
    flaggedForOffice: false,
    timeline: [
      { seq: 1, type: 'received', at: createdAt, actor: { kind: 'reporter' }, visibleToReporter: true },
    ],
    timelineLength: 1,
    version: 0,
    createdAt,
    updatedAt: createdAt,
  };
}
