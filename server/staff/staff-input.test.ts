import { AppError } from '../http/app-error';
import { parseNewStaff } from './staff-input';

const base = { username: 'zhang.san', password: 'river-lake-2024' };

function captureError(input: unknown): AppError {
  try {
    parseNewStaff(input);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected parseNewStaff to throw');
}

describe('parseNewStaff', () => {
  test.each([
    ['a center account', { role: 'center' }],
    ['a department account with its 司局', { role: 'department', department: 'riverlake' }],
    ['a unit account with its unit', { role: 'unit', unit: 'anhui' }],
    ['a unit account with unit and department', { role: 'unit', unit: 'anhui', department: 'riverlake' }],
    ['an admin account', { role: 'admin' }],
  ])('when it is %s, then it is accepted', (_label, placement) => {
    expect(parseNewStaff({ ...base, ...placement })).toMatchObject({ username: 'zhang.san', ...placement });
  });

  test('when the username has capitals and spaces around it, then it is trimmed and lower-cased', () => {
    expect(parseNewStaff({ ...base, username: '  Zhang.San ', role: 'office' })).toMatchObject({
      username: 'zhang.san',
      displayName: 'zhang.san',
    });
  });

  test.each([
    ['no role', {}, 'invalid-input', 'role'],
    ['an unknown role', { role: 'boss' }, 'invalid-input', 'role'],
    ['a department account without department', { role: 'department' }, 'invalid-input', 'department'],
    ['an unknown department', { role: 'department', department: 'nowhere' }, 'invalid-input', 'department'],
    ['a unit account without unit', { role: 'unit' }, 'invalid-input', 'unit'],
    ['an unknown unit', { role: 'unit', unit: 'atlantis' }, 'invalid-input', 'unit'],
    [
      'a center account with a department',
      { role: 'center', department: 'riverlake' },
      'invalid-input',
      'department',
    ],
    [
      'a department account with a unit',
      { role: 'department', department: 'riverlake', unit: 'anhui' },
      'invalid-input',
      'unit',
    ],
    ['a one-letter username', { role: 'admin', username: 'a' }, 'invalid-input', 'username'],
    ['a weak password', { role: 'admin', password: 'short' }, 'weak-password', '密码'],
  ])('when it has %s, then it is refused naming the field', (_label, input, code, field) => {
    const error = captureError({ ...base, ...input });
    expect(error.code).toBe(code);
    expect(error.status).toBe(400);
    expect(error.message).toContain(field);
  });
});
