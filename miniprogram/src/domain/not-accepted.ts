/**
 * What 12314 does not take, and where to go instead, as the home page tells it: the short form of
 * config/domain/out-of-scope-rules.json (the rules, art. 5), in the words an elderly reporter reads.
 */
export interface Referral {
  what: string;
  where: string;
}

export const NOT_ACCEPTED: readonly Referral[] = [
  { what: '水污染问题', where: '请拨打生态环境举报热线12369' },
  { what: '已经起诉、仲裁或申请行政复议的事', where: '请按法定程序办理' },
  { what: '党员、公职人员违纪违法问题', where: '请向纪检监察机关反映' },
  { what: '信访事项', where: '请通过水利信访平台反映，或拨打010-63202018' },
];
