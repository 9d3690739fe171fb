import serverCategories from '../../../../config/domain/categories.json';
import { CATEGORIES } from '../categories';
import {
  countChars,
  EMPTY_FORM,
  isAcceptedPhone,
  toSubmission,
  validateReportForm,
  type ReportForm,
} from '../report-form';

const valid: ReportForm = { ...EMPTY_FORM, category: 'river_lake', description: '河道里有人挖沙子' };

describe('validateReportForm', () => {
  it.each([
    ['no category', { category: '' }, 'category', '请选择问题类别。'],
    ['empty description', { description: '   ' }, 'description', '请描述您要反映的问题。'],
    [
      '4-character description',
      { description: '有人挖沙' },
      'description',
      '请把问题说得具体一些（至少5个字）。',
    ],
    [
      '2001 characters',
      { description: '水'.repeat(2001) },
      'description',
      '问题描述太长了，请控制在2000个字以内。',
    ],
    [
      'HTML in the description',
      { description: '<script>x</script>河道' },
      'description',
      '问题描述里不能包含网页代码。',
    ],
    ['HTML in the address', { address: '<b>村</b>' }, 'address', '地址里不能包含网页代码。'],
    ['201-character address', { address: '村'.repeat(201) }, 'address', '地址太长了，请控制在200个字以内。'],
    ['a bad phone', { phone: '12345' }, 'phone', '电话号码格式不对，请填写手机号或带区号的座机号。'],
  ] as const)('when %s, then it names the problem', (_case, patch, field, message) => {
    expect(validateReportForm({ ...valid, ...patch })).toEqual({ [field]: message });
  });

  it.each([
    ['a minimal report', {}],
    ['exactly 5 characters', { description: '有人挖沙子' }],
    ['exactly 2000 characters', { description: '水'.repeat(2000) }],
    ['a mobile number', { phone: '13812345678' }],
    ['a landline with its area code', { phone: '010-12345678' }],
    ['+86 before a mobile', { phone: '+86 138 1234 5678' }],
    ['anonymous with a bad phone left over', { anonymous: true, phone: '123' }],
    ['a comparison sign, which is not a tag', { description: '水位 < 警戒线 5 米' }],
  ] as const)('when %s, then there is no error', (_case, patch) => {
    expect(validateReportForm({ ...valid, ...patch })).toEqual({});
  });
});

describe('countChars', () => {
  it('when the text has surrounding spaces and an emoji, then it counts what the citizen sees', () => {
    expect(countChars('  水😀 ')).toBe(2);
  });
});

describe('isAcceptedPhone', () => {
  it.each([
    ['13812345678', true],
    ['0551-62345678', true],
    ['008613812345678', true],
    ['12812345678', false],
    ['62345678', false],
  ])('when %s, then %s', (phone, accepted) => {
    expect(isAcceptedPhone(phone)).toBe(accepted);
  });
});

describe('toSubmission', () => {
  it('when anonymous, then no phone is sent', () => {
    expect(toSubmission({ ...valid, anonymous: true, phone: '13812345678', address: ' 某村 ' })).toEqual({
      category: 'river_lake',
      description: '河道里有人挖沙子',
      place: { address: '某村' },
      reporter: { anonymous: true },
    });
  });

  it('when not anonymous and no address, then the phone is sent and place is empty', () => {
    expect(toSubmission({ ...valid, phone: '13812345678' })).toEqual({
      category: 'river_lake',
      description: '河道里有人挖沙子',
      place: {},
      reporter: { anonymous: false, phone: '13812345678' },
    });
  });
});

describe('toSubmission with a place and photos', () => {
  it('when a point, a river and uploaded photos are there, then they are all sent', () => {
    const form = {
      ...valid,
      address: '某村',
      point: { latitude: 37.44, longitude: 114.51, source: 'device' as const },
      waterBody: '消水河',
      regionCode: '130522',
    };
    expect(toSubmission(form, ['a'.repeat(64)])).toEqual({
      category: 'river_lake',
      description: '河道里有人挖沙子',
      place: {
        address: '某村',
        latitude: 37.44,
        longitude: 114.51,
        waterBody: '消水河',
        regionCode: '130522',
      },
      photos: ['a'.repeat(64)],
      reporter: { anonymous: false },
    });
  });
});

describe('CATEGORIES', () => {
  it('when compared with the server configuration, then codes and names match', () => {
    const config: { categories: { code: string; name: string }[] } = serverCategories;
    expect(CATEGORIES.map(({ code, name }) => ({ code, name }))).toEqual(
      config.categories.map(({ code, name }) => ({ code, name })),
    );
  });
});
