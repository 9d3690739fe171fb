import {
  EMPTY_ACTION_FORM,
  offeredActions,
  prefillActionForm,
  toActionBody,
  validateActionForm,
  type ActionForm,
  type StaffAction,
} from '../staff-actions';

const form = (patch: Partial<ActionForm> = {}): ActionForm => ({ ...EMPTY_ACTION_FORM, ...patch });

describe('validateActionForm', () => {
  it.each<[StaffAction, Partial<ActionForm>, Record<string, string>]>([
    ['accept', {}, {}],
    ['reject', {}, { reason: '请填写不予受理的原因。', referral: '请填写可以反映的其他渠道。' }],
    ['request-info', { note: '  ' }, { note: '请填写需要举报人补充的内容。' }],
    ['merge', {}, { mergeInto: '请选择合并到的案件。' }],
    ['assign', {}, { department: '请选择承办司局。' }],
    ['assign', { department: 'riverlake' }, {}],
    ['return', {}, { reason: '请填写退回理由和建议的承办单位。' }],
    ['progress', {}, { note: '请填写办理进展。' }],
    ['extend', { reason: '需要联合执法' }, { workingDays: '请填写延期的工作日天数。' }],
    [
      'extend',
      { reason: '需要联合执法', workingDays: '0' },
      { workingDays: '延期天数请填写1到40之间的整数。' },
    ],
    [
      'extend',
      { reason: '需要联合执法', workingDays: '2.5' },
      { workingDays: '延期天数请填写1到40之间的整数。' },
    ],
    [
      'extend',
      { reason: '需要联合执法', workingDays: '41' },
      { workingDays: '延期天数请填写1到40之间的整数。' },
    ],
    ['extend', { reason: '需要联合执法', workingDays: '10' }, {}],
    ['resolve', {}, { summary: '请填写办理结果。' }],
    ['resolve', { summary: '好'.repeat(2001) }, { summary: '办理结果太长了，请控制在2000个字以内。' }],
    ['answer', {}, { answer: '请填写答复内容。' }],
    ['answer', { knowledgeEntryId: 'kb-1' }, {}],
    ['forward-review', {}, {}],
    ['decide-review', {}, { outcome: '请选择复查结论。', note: '请填写复查意见。' }],
  ])('when %s is confirmed with %j, then the messages are %j', (action, patch, expected) => {
    expect(validateActionForm(action, form(patch))).toEqual(expected);
  });
});

describe('toActionBody', () => {
  it('when a form is sent, then only the fields of the action go, trimmed, with the version read', () => {
    const filled = form({ summary: ' 已拆除 ', note: '不该发送', department: 'rural' });
    expect(toActionBody('resolve', filled, 7)).toEqual({ summary: '已拆除', version: 7 });
  });

  it('when an extension is sent, then the working days are a number', () => {
    expect(toActionBody('extend', form({ reason: '联合执法', workingDays: '10' }), 3)).toEqual({
      reason: '联合执法',
      workingDays: 10,
      version: 3,
    });
  });

  it('when an answer comes from the knowledge base, then its entry id goes with it', () => {
    expect(toActionBody('answer', form({ answer: '可以办理', knowledgeEntryId: 'kb-1' }), 0)).toEqual({
      answer: '可以办理',
      knowledgeEntryId: 'kb-1',
      version: 0,
    });
  });

  it('when an assignment names no unit, then no unit is sent', () => {
    expect(toActionBody('assign', form({ department: 'riverlake' }), 1)).toEqual({
      department: 'riverlake',
      version: 1,
    });
  });
});

describe('prefillActionForm', () => {
  it('when the routing rules suggested a department and unit, then assign starts with them', () => {
    const detail = { intakeFindings: { suggestedAssignment: { department: 'riverlake', unit: 'anhui' } } };
    expect(prefillActionForm('assign', detail)).toMatchObject({ department: 'riverlake', unit: 'anhui' });
  });

  it('when the report looks out of scope, then reject starts with the referral', () => {
    const detail = { intakeFindings: { outOfScope: { kind: 'pollution', referral: '请拨打12369' } } };
    expect(prefillActionForm('reject', detail)).toMatchObject({
      reason: '不属于12314受理范围',
      referral: '请拨打12369',
    });
  });

  it('when there is one duplicate candidate, then merge starts with it', () => {
    const candidates = [{ caseId: 'a', trackingNumber: 'SL20261123000001', score: 0.9, reasons: [] }];
    expect(prefillActionForm('merge', {}, candidates).mergeInto).toBe('SL20261123000001');
  });
});

describe('offeredActions', () => {
  it('when the server allows some actions, then they come in the order of the workflow and unknown ones are dropped', () => {
    expect(offeredActions(['resolve', 'progress', 'request-review', 'start'])).toEqual([
      'start',
      'progress',
      'resolve',
    ]);
  });
});
