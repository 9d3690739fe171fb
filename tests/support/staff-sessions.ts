/** Creates staff accounts through the staff use case and logs them in through the real API. */
import type { Server } from 'node:http';
import request from 'supertest';
import type { Components } from '../../server/components';
import type { StaffRole } from '../../server/staff/staff-types';

export interface StaffLogin {
  role: StaffRole;
  username: string;
  token: string;
  auth: { Authorization: string };
}

const PASSWORD = 'river-chief-2026';

export async function loginAs(
  server: Server | ReturnType<import('koa')['callback']>,
  components: Components,
  role: StaffRole,
  scope: { department?: string; unit?: string } = {},
): Promise<StaffLogin> {
  const username = `${role}-${scope.department ?? ''}${scope.unit ?? ''}-${Math.random().toString(36).slice(2, 7)}`;
  await components.staff.useCases.createStaff(
    { username, password: PASSWORD, role, displayName: `${role} 测试`, ...scope },
    { kind: 'system' },
  );
  const login: StaffLogin = { role, username, token: '', auth: { Authorization: '' } };
  await renewLogin(server, login);
  return login;
}

/** Logs the same account in again (sessions expire when a test moves its clock by days). */
export async function renewLogin(server: Parameters<typeof request>[0], login: StaffLogin): Promise<void> {
  const response = await request(server)
    .post('/api/v1/auth/login')
    .send({ username: login.username, password: PASSWORD });
  if (response.status !== 200) throw new Error(`login failed: ${JSON.stringify(response.body)}`);
  login.token = response.body.token as string;
  login.auth.Authorization = `Bearer ${login.token}`;
}

/** A workflow action through the API that must succeed; a refusal fails the test with its reason. */
export async function actAs(
  server: Parameters<typeof request>[0],
  login: StaffLogin,
  idOrNumber: string,
  action: string,
  body: object = {},
) {
  const response = await request(server)
    .post(`/api/v1/cases/${idOrNumber}/actions/${action}`)
    .set(login.auth)
    .send(body);
  if (response.status !== 200)
    throw new Error(`${action}: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}
