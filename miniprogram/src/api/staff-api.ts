/**
 * The staff routes the workbench uses (server/staff/auth-router.ts, server/cases/case-router.ts,
 * the knowledge and photo routers), with the staff token as a Bearer header. Errors arrive as
 * the server's `{ error: { code, message } }`, turned into ApiError; a 401 means the session is
 * over, so the user is sent back to the login page.
 */
import Taro from '@tarojs/taro';
import type { ActionBody, StaffAction } from '../domain/staff-actions';
import type {
  DuplicateCandidate,
  RevealedReporter,
  StaffCaseDetail,
  StaffCaseListItem,
  StaffProfile,
} from '../domain/staff-case';
import type { Figures } from '../domain/staff-figures';
import { ApiError, requestJsonPublic, send, unwrap, type Method } from './http-client';
import { clearStaffSession, getStaffToken, goToStaffLogin, saveStaffSession } from './staff-auth';

const SESSION_OVER = '登录已过期，请重新登录。';

async function staffRequest<T>(method: Method, path: string, body?: unknown): Promise<T> {
  const token = getStaffToken();
  if (!token) {
    goToStaffLogin();
    throw new ApiError('unauthenticated', 401, SESSION_OVER);
  }
  const reply = await send<T>(method, path, body, token);
  if (reply.status === 401) {
    clearStaffSession();
    goToStaffLogin();
  }
  return unwrap(reply);
}

const caseUrl = (id: string) => `/api/v1/cases/${encodeURIComponent(id)}`;

export async function loginStaff(username: string, password: string): Promise<StaffProfile> {
  const { token, staff } = await requestJsonPublic<{ token: string; staff: StaffProfile }>(
    'POST',
    '/api/v1/auth/login',
    { username, password },
  );
  saveStaffSession(token, staff);
  return staff;
}

/** Ends the session on the server too (and its browser cookie); the device forgets it either way. */
export async function logoutStaff(): Promise<void> {
  const token = getStaffToken();
  clearStaffSession();
  if (token) await send('POST', '/api/v1/auth/logout', {}, token).catch(() => undefined);
}

export async function listCases(query: string): Promise<StaffCaseListItem[]> {
  return (await staffRequest<{ items: StaffCaseListItem[] }>('GET', `/api/v1/cases?${query}`)).items;
}

export function getCase(id: string): Promise<StaffCaseDetail> {
  return staffRequest<StaffCaseDetail>('GET', caseUrl(id));
}

export async function listDuplicates(id: string): Promise<DuplicateCandidate[]> {
  return (await staffRequest<{ candidates: DuplicateCandidate[] }>('GET', `${caseUrl(id)}/duplicates`))
    .candidates;
}

export async function revealReporter(id: string, reason: string): Promise<RevealedReporter> {
  return (
    await staffRequest<{ reporter: RevealedReporter }>('POST', `${caseUrl(id)}/reporter/reveal`, { reason })
  ).reporter;
}

/** Takes a workflow action; resolves with the case as it is afterwards. */
export function takeAction(id: string, action: StaffAction, body: ActionBody): Promise<StaffCaseDetail> {
  return staffRequest<StaffCaseDetail>('POST', `${caseUrl(id)}/actions/${action}`, body);
}

export interface KnowledgeEntry {
  id: string;
  question: string;
  answer: string;
}

export async function searchKnowledge(q: string): Promise<KnowledgeEntry[]> {
  const path = `/api/v1/knowledge?q=${encodeURIComponent(q)}&limit=5`;
  return (await staffRequest<{ items: KnowledgeEntry[] }>('GET', path)).items;
}

export function getFigures(from: string, to: string): Promise<Figures> {
  return staffRequest<Figures>('GET', `/api/v1/figures?from=${from}&to=${to}`);
}

/**
 * A case photo as a local file the Image component can show: the photo route wants the staff
 * token, and an <image> tag cannot send a header (in WeChat it has no cookie either).
 */
export async function loadPhoto(url: string): Promise<string> {
  const result = await Taro.downloadFile({
    url: `${API_BASE}${url}`,
    header: { authorization: `Bearer ${getStaffToken()}` },
  });
  if (result.statusCode !== 200) throw new ApiError('photo-not-found', result.statusCode, '照片暂时打不开。');
  return result.tempFilePath;
}
