/**
 * What the staff endpoints and the staff:create script accept, checked in one place. A bad field
 * becomes a 400 `invalid-input` whose message names the field, so the caller knows what to fix.
 */
import { z } from 'zod';
import directory from '../../config/domain/departments.json';
import { AppError, badRequest } from '../http/app-error';
import { checkPasswordPolicy } from './password';
import { STAFF_ROLES, type StaffRole } from './staff-types';

const DEPARTMENT_CODES = new Set(directory.departments.map((department) => department.code));
const UNIT_CODES = new Set(directory.units.map((unit) => unit.code));

/** Throws 400 invalid-input naming the first bad field. */
export function parseInput<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.join('.');
  const problem = issue?.message ?? '格式不正确';
  throw badRequest(
    'invalid-input',
    field ? `请求内容有误：${field} ${problem}。` : `请求内容有误：${problem}。`,
  );
}

const text = (what: string) => z.string({ error: `必须填写${what}` });
const optionalCode = z
  .string({ error: '必须是代码文字' })
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

export const usernameSchema = text('用户名')
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._-]{2,31}$/, '须为3到32位的小写字母、数字或 . _ -');

export const loginSchema = z.object(
  {
    username: text('用户名').trim().toLowerCase().min(1, '必须填写用户名').max(64, '太长了'),
    password: text('密码').min(1, '必须填写密码').max(256, '太长了'),
  },
  { error: '应为 JSON 对象' },
);

export const newStaffSchema = z.object(
  {
    username: usernameSchema,
    displayName: text('姓名').trim().min(1, '不能为空').max(40, '不能超过40个字').optional(),
    role: z.enum(STAFF_ROLES, { error: `须为 ${STAFF_ROLES.join('、')} 之一` }),
    department: optionalCode,
    unit: optionalCode,
    password: text('密码'),
  },
  { error: '应为 JSON 对象' },
);

export interface NewStaff {
  username: string;
  displayName: string;
  role: StaffRole;
  department?: string;
  unit?: string;
  password: string;
}

/** Which roles carry a department or a unit: a department account needs its 司局, a unit its unit. */
function checkPlacement(staff: NewStaff): AppError | undefined {
  const invalid = (field: string, problem: string) =>
    badRequest('invalid-input', `请求内容有误：${field} ${problem}。`);
  const { role, department, unit } = staff;
  if (role === 'department' && !department) return invalid('department', '必须填写（司局账号需要所属司局）');
  if (role === 'unit' && !unit) return invalid('unit', '必须填写（单位账号需要所属单位）');
  if (department && role !== 'department' && role !== 'unit')
    return invalid('department', `不适用于 ${role} 账号`);
  if (unit && role !== 'unit') return invalid('unit', `不适用于 ${role} 账号`);
  if (department && !DEPARTMENT_CODES.has(department))
    return invalid('department', `"${department}" 不是已知的司局代码`);
  if (unit && !UNIT_CODES.has(unit)) return invalid('unit', `"${unit}" 不是已知的单位代码`);
  return undefined;
}

/** Validates a new account completely (shape, placement, password policy) before anything is stored. */
export function parseNewStaff(value: unknown): NewStaff {
  const parsed = parseInput(newStaffSchema, value);
  const staff: NewStaff = { ...parsed, displayName: parsed.displayName ?? parsed.username };
  const placementError = checkPlacement(staff);
  if (placementError) throw placementError;
  const weakness = checkPasswordPolicy(staff.password);
  if (weakness) throw badRequest('weak-password', weakness);
  return staff;
}
