import fs from 'node:fs';
import path from 'node:path';
import { findMenuProblems } from './menu-validation';

const click = (name: string, key: string) => ({ type: 'click', name, key });

describe('findMenuProblems', () => {
  test.each<[string, unknown, string[]]>([
    ['when the menu has one click button, then there is no problem', { button: [click('举报', 'A')] }, []],
    [
      'when a top-level name is 4 Chinese characters (12 bytes), then it fits',
      { button: [{ name: '咨询帮助', sub_button: [click('我要咨询', 'A')] }] },
      [],
    ],
    [
      'when a leaf keeps the "sub_button": [] that menu/get returns, then it is still a leaf',
      { button: [{ ...click('举报', 'A'), sub_button: [] }] },
      [],
    ],
    [
      'when a view button has an http(s) URL, then there is no problem',
      { button: [{ type: 'view', name: '官网', url: 'https://www.mwr.gov.cn/' }] },
      [],
    ],
    [
      'when the menu is not an object, then it says what a menu is',
      [],
      ['menu: must be an object with a "button" list'],
    ],
    [
      'when the menu has no buttons, then it is refused',
      { button: [] },
      ['button: has 0 items; a menu has 1 to 3'],
    ],
    [
      'when the menu has four buttons, then it is refused',
      { button: [click('一', 'A'), click('二', 'B'), click('三', 'C'), click('四', 'D')] },
      ['button: has 4 items; a menu has 1 to 3'],
    ],
    [
      'when a top-level name is 6 Chinese characters (18 bytes), then it is too long',
      { button: [click('我要举报问题', 'A')] },
      ['button[0].name: "我要举报问题" is 18 bytes; the limit is 16 bytes'],
    ],
    [
      'when a top-level name is 16 ASCII bytes, then it fits',
      { button: [click('abcdefghijklmnop', 'A')] },
      [],
    ],
    [
      'when a sub-menu name is 21 Chinese characters (63 bytes), then it is too long',
      { button: [{ name: '更多', sub_button: [click('水'.repeat(21), 'A')] }] },
      [`button[0].sub_button[0].name: "${'水'.repeat(21)}" is 63 bytes; the limit is 60 bytes`],
    ],
    [
      'when a sub-menu has six items, then it is refused',
      {
        button: [{ name: '更多', sub_button: ['A', 'B', 'C', 'D', 'E', 'F'].map((key) => click(key, key)) }],
      },
      ['button[0].sub_button: has 6 items; at most 5'],
    ],
    [
      'when a name is missing and a type is unknown, then both are listed',
      { button: [{ type: 'clik', key: 'A' }] },
      [
        'button[0].name: is required',
        'button[0].type: must be one of click, view, scancode_push, scancode_waitmsg, pic_sysphoto, pic_photo_or_album, pic_weixin, location_select, media_id, article_id, article_view_limited, view_limited, miniprogram',
      ],
    ],
    [
      'when a click button has no key and a view button no URL, then each is listed',
      {
        button: [
          { type: 'click', name: '举报' },
          { type: 'view', name: '官网', url: 'ftp://x' },
        ],
      },
      ['button[0].key: is required for type click', 'button[1].url: must be an http(s) URL'],
    ],
    [
      'when two buttons share a key, then the second is reported with the first',
      { button: [click('举报', 'REPORT'), { name: '更多', sub_button: [click('再举报', 'REPORT')] }] },
      ['button[1].sub_button[0].key: "REPORT" is already used by button[0]'],
    ],
    [
      'when a sub-menu has its own sub-menu, then it is refused',
      { button: [{ name: '更多', sub_button: [{ ...click('帮助', 'A'), sub_button: [click('深', 'B')] }] }] },
      ['button[0].sub_button[0].sub_button: menus nest only one level'],
    ],
    [
      'when a key is longer than 128 bytes, then it is refused',
      { button: [click('举报', 'K'.repeat(129))] },
      ['button[0].key: is longer than 128 bytes'],
    ],
  ])('%s', (_name, menu, expected) => {
    expect(findMenuProblems(menu)).toEqual(expected);
  });

  test('when a required click key is missing, then the menu is refused for it', () => {
    expect(findMenuProblems({ button: [click('举报', 'REPORT')] }, ['REPORT', 'HELP'])).toEqual([
      'menu: no button has the key "HELP"',
    ]);
  });

  test('when the shipped menu is checked, then it fits WeChat and has every dialog key', () => {
    const file = path.resolve(__dirname, '../../../config/wechat-menu.json');
    const menu: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(findMenuProblems(menu, ['REPORT', 'QUERY', 'CONSULT', 'HELP'])).toEqual([]);
  });
});
