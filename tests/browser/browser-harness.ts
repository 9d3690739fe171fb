/**
 * Real Chromium (Debian's package) driven by playwright-core, against the H5 build served by the
 * real server. Each person in a story gets their own browser context (own storage, own login).
 * Selectors follow Taro's H5 output: React ids land on the `taro-*-core` element (../shared/docs/taro.md).
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOT_DIR = path.resolve(__dirname, '..', '..', 'artifacts', 'browser');

// Without the background-networking flags Chromium keeps dialling out, and this network refuses it.
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

// Taro slides pages in; a screenshot taken sooner catches two pages half-way.
const PAGE_SLIDE_MS = 600;

export async function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(
      `no Chromium at ${CHROMIUM}: install Debian's chromium (.ci/run does) or set CHROMIUM_PATH`,
    );
  }
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

export interface Person {
  page: Page;
  /** Console errors and failed requests the page saw: a story ends with none. */
  problems: string[];
  shot(name: string): Promise<void>;
}

let shotNumber = 0;

/** A phone-sized window for one person, with everything the page complains about collected. */
export async function openAs(browser: Browser, who: string, baseUrl: string): Promise<Person> {
  const context = await browser.newContext({
    viewport: { width: 414, height: 896 },
    deviceScaleFactor: 1,
    locale: 'zh-CN',
    baseURL: baseUrl,
  });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`${who} console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`${who} page error: ${error.message}`));
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return {
    page,
    problems,
    async shot(name) {
      await page.waitForTimeout(PAGE_SLIDE_MS);
      shotNumber += 1;
      const file = `${String(shotNumber).padStart(2, '0')}-${who}-${name}.png`;
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, file), fullPage: true });
    },
  };
}

/** The page on top of Taro's router stack: pages below it stay in the DOM, some still shown. */
export const current = (page: Page) => page.locator('.taro_page_show').last();

export async function tap(page: Page, id: string): Promise<void> {
  await current(page).locator(`#${id}`).first().click();
}

export async function typeInto(page: Page, id: string, text: string): Promise<void> {
  const host = current(page).locator(`#${id}`).first();
  await host.locator('textarea, input').first().fill(text);
}

export async function expectText(page: Page, text: string | RegExp, timeout = 15_000): Promise<void> {
  await current(page).getByText(text).first().waitFor({ state: 'visible', timeout });
}
