/**
 * The whole loop in real Chromium, through the H5 build served by `npm start` on the embedded
 * database: a citizen reports with a photo and finds it in 我的举报; the center accepts and assigns
 * it; the department handles and resolves it; the citizen reads the result and answers the survey.
 * Screenshots of each step land in artifacts/browser/ (git-ignored).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startServer, type ServerProcess } from '../support/server-process';
import {
  current,
  expectText,
  launchChromium,
  openAs,
  SCREENSHOT_DIR,
  tap,
  typeInto,
} from './browser-harness';

const PHOTO = path.resolve(__dirname, '..', 'fixtures', 'photos', 'jpeg-with-gps.jpg');
const DESCRIPTION = '村东头河道里有人连续三天挖沙，河岸已经塌了一大块，请尽快派人来看看。';
const RESULT = '已责令停止采砂，清理河道并修复塌岸，县水利局将每周巡查。';

function demoLogin(output: string, role: string): { username: string; password: string } {
  const match = new RegExp(`sandbox demo login: ${role} (\\S+) \\/ (\\S+)"`).exec(output);
  if (!match) throw new Error(`no demo login for ${role} in the server log`);
  return { username: match[1]!, password: match[2]! };
}

async function staffLogin(page: Page, account: { username: string; password: string }) {
  await page.goto('/#/packages/staff/pages/login/index');
  await typeInto(page, 'staff-username', account.username);
  await typeInto(page, 'staff-password', account.password);
  await tap(page, 'staff-login');
  await current(page).locator('.queue-item').first().waitFor({ state: 'visible', timeout: 15_000 });
}

async function openFromQueue(page: Page, trackingNumber: string) {
  await current(page).locator('.queue-item', { hasText: trackingNumber }).click();
  await expectText(page, DESCRIPTION);
}

async function act(page: Page, action: string, fields: Record<string, string> = {}) {
  await tap(page, `action-${action}`);
  for (const [id, text] of Object.entries(fields)) await typeInto(page, id, text);
  await tap(page, 'action-confirm');
}

describe('a report from a browser to a resolved, rated case', () => {
  let server: ServerProcess;
  let browser: Browser;

  beforeAll(async () => {
    fs.rmSync(SCREENSHOT_DIR, { recursive: true, force: true });
    server = await startServer({ DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'mwr12314-browser-')) });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('when a citizen reports with a photo and staff handle it, then the citizen sees each step and rates it', async () => {
    const citizen = await openAs(browser, 'citizen', server.baseUrl);
    const { page } = citizen;

    // The citizen: home → report form with a photo → tracking number → 我的举报.
    await page.goto('/');
    await expectText(page, '您可以反映这些问题');
    await citizen.shot('home');
    await current(page).locator('.category-tile', { hasText: '河湖突出问题' }).click();
    await typeInto(page, 'description', DESCRIPTION);
    await typeInto(page, 'address', '某县某镇东村，小清河东岸');
    // The signal drops and the page reloads: what was typed is still there (kept on the device).
    await page.reload();
    await current(page).locator('#draft-restored').waitFor({ state: 'visible', timeout: 15_000 });
    await expect(current(page).locator('#description textarea').inputValue()).resolves.toBe(DESCRIPTION);
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), tap(page, 'choose-image')]);
    await chooser.setFiles(PHOTO);
    await current(page).locator('.photo-thumb.is-uploaded').waitFor({ state: 'visible', timeout: 15_000 });
    await citizen.shot('report-form');
    await tap(page, 'submit');
    await expectText(page, /SL\d{14}/);
    const trackingNumber = /SL\d{14}/.exec(await current(page).locator('#tracking-number').innerText())![0];
    await citizen.shot('submitted');
    await page.goto('/#/pages/cases/index');
    await expectText(page, trackingNumber);
    await expectText(page, '待受理');
    await citizen.shot('my-cases');

    // The center: accept, then assign as the routing rules suggest (河湖管理司).
    const center = await openAs(browser, 'center', server.baseUrl);
    await staffLogin(center.page, demoLogin(server.output(), 'center'));
    await center.shot('queue');
    await openFromQueue(center.page, trackingNumber);
    // The photo as staff see it: fetched with their login, decoded by the browser.
    const photo = current(center.page).locator('.case-photo img').first();
    await photo.waitFor({ state: 'visible', timeout: 15_000 });
    // (The tests compile without the DOM types: the page's image is described by what is used.)
    const decodedWidth = photo.evaluate((img) => {
      const image = img as unknown as { decode(): Promise<void>; naturalWidth: number };
      return image.decode().then(() => image.naturalWidth);
    });
    await expect(decodedWidth).resolves.toBe(32);
    await act(center.page, 'accept');
    await expectText(center.page, '已受理');
    await act(center.page, 'assign');
    await expectText(center.page, '已分办');
    await center.shot('assigned');

    // The department: start handling, then resolve with the result.
    const department = await openAs(browser, 'department', server.baseUrl);
    await staffLogin(department.page, demoLogin(server.output(), 'department'));
    await tap(department.page, 'queue-handle');
    await openFromQueue(department.page, trackingNumber);
    await act(department.page, 'start');
    await expectText(department.page, '办理中');
    await act(department.page, 'resolve', { 'action-summary': RESULT });
    await expectText(department.page, '已办结');
    await department.shot('resolved');

    // The citizen again: the timeline shows each step and the result; the survey is answered.
    await page.goto(`/#/pages/case/index?trackingNumber=${trackingNumber}`);
    await expectText(page, RESULT);
    const steps = await current(page).locator('.case-timeline__title').allInnerTexts();
    expect(steps.slice(0, 5)).toEqual([
      '已收到您的举报',
      '已受理',
      '已转交承办单位',
      '承办单位开始办理',
      '已办结',
    ]);
    expect(await current(page).locator('.case-timeline__time').first().innerText()).toMatch(
      /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/,
    );
    await citizen.shot('resolved-timeline');
    await tap(page, 'open-survey');
    await tap(page, 'satisfaction-satisfied');
    await tap(page, 'solved-solved');
    await tap(page, 'stars-5');
    await typeInto(page, 'survey-comment', '处理及时，谢谢！');
    await citizen.shot('survey');
    await tap(page, 'survey-submit');
    await expectText(page, '感谢');
    await citizen.shot('survey-thanks');

    // What the center sees now: the reporter's own verdict, kept apart from the department's.
    const token = await fetch(`${server.baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(demoLogin(server.output(), 'center')),
    }).then(async (response) => ((await response.json()) as { token: string }).token);
    const detail = (await fetch(`${server.baseUrl}/api/v1/cases/${trackingNumber}`, {
      headers: { Authorization: `Bearer ${token}` },
    }).then((response) => response.json())) as { status: string; survey?: { state?: string } };
    expect(detail.status).toBe('resolved');
    expect(detail.survey?.state).toBe('answered');

    expect([...citizen.problems, ...center.problems, ...department.problems]).toEqual([]);
  });
});
