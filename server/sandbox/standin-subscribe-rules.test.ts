import { findSubscribeDataError, keywordType } from './standin-subscribe-rules';

const check = (key: string, value: string) => findSubscribeDataError({ [key]: { value } });

describe('the stand-in’s subscription value rules', () => {
  test.each<[string, string]>([
    ['thing1', '临城县张庄村村东河道非法采砂举报已受理'],
    ['thing1', 'a'.repeat(20)],
    ['phrase2', '已办结'],
    ['phrase2', '正在处理中'],
    ['character_string3', 'SL12314-2026-000123'],
    ['name4', '张三'],
    ['name4', 'Zhang San Li Si Wang'],
    ['number5', '-12.5'],
    ['time6', '15:01'],
    ['time6', '2019年10月1日 15:01'],
    ['time6', '2026-03-02 08:00 ~ 2026-03-02 17:00'],
    ['date7', '2026年3月2日'],
    ['date7', '2026-03-02 08:00'],
    ['amount8', '¥100.50元'],
    ['phone_number9', '+86-0766-66888866'],
    ['car_number10', '冀A12345'],
    ['enum11', 'anything: the stand-in does not know the template'],
  ])('when %s is %s, then WeChat takes it', (key, value) => {
    expect(check(key, value)).toBeUndefined();
  });

  test.each<[string, string]>([
    ['thing1', 'a'.repeat(21)],
    ['thing1', '临城县张庄村村东河道有人用挖掘机连夜非法采砂'],
    ['phrase2', '正在处理中了'],
    ['phrase2', 'OK'],
    ['character_string3', 'S'.repeat(33)],
    ['character_string3', '冀SL-001'],
    ['name4', '欧阳张三李四王五赵六钱'],
    ['name4', 'a'.repeat(21)],
    ['number5', '12a'],
    ['time6', '明天上午'],
    ['date7', '3月2日'],
    ['thing8', ''],
  ])('when %s is %s, then 47003 names it', (key, value) => {
    expect(check(key, value)).toBe(`data.${key}.value invalid`);
  });

  test.each<[string, string | undefined]>([
    ['thing12', 'thing'],
    ['character_string3', 'character_string'],
    ['phone_number2', 'phone_number'],
    ['keyword1', undefined],
    ['thing', undefined],
  ])('when the key is %s, then its type is %s', (key, type) => {
    expect(keywordType(key)).toBe(type);
  });
});
