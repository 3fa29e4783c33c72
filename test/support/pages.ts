import { expect } from '@jest/globals';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium, driven by playwright-core (no browser download). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Codes that must never reach the screen: statuses, lights, types, roles, ledger kinds, audit actions. */
export const ENUM_CODE =
  /\b(pending|in_progress|submitted|closed|approved|rejected|red|yellow|green|immediate|time_limited|long_term|unit_manager|unit_staff|leadership|inspector|internal_round|higher_level|manual_urge|manual_supervise|check_in|notice_chase|escalation|reminder|forbidden|not_found_write|login_locked|decision_[a-z]+|(item|extension|supervision|follow_up|unit|user)\.[a-z_.]+)\b/;

export async function expectNoEnumCodes(page: Page): Promise<void> {
  const text = await page.evaluate<string>('document.body.innerText');
  expect([page.url(), text.match(ENUM_CODE)?.[0] ?? null]).toEqual([page.url(), null]);
  expect(text).not.toContain('Cannot GET');
}

/**
 * Console errors, page errors and failed or refused requests of a page, except the paths a test
 * expects to answer 4xx (`expect('/api/v1/x')`; a trailing "/" matches the paths under it).
 */
export function watchProblems(page: Page, problems: string[], expected: Set<string>): void {
  const isExpected = (path: string) => [...expected].some((p) => path === p || (p.endsWith('/') && path.startsWith(p)));
  page.on('pageerror', (e) => problems.push(`[page error] ${e.message}`));
  page.on('console', (m) => {
    const url = m.location().url;
    if (m.type() === 'error' && !(/Failed to load resource/.test(m.text()) && url && isExpected(new URL(url).pathname)))
      problems.push(`[console] ${m.text()}`);
  });
  page.on('requestfailed', (r) => {
    // Navigating away cancels what the page was still loading; that is not a failure.
    if (r.failure()?.errorText !== 'net::ERR_ABORTED') problems.push(`[request failed] ${r.url()} ${r.failure()?.errorText}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400 && !isExpected(new URL(r.url()).pathname)) problems.push(`[${r.status()}] ${r.url()}`);
  });
}

export interface SignInOptions {
  /** Where the page's console errors and failed calls are collected (see watchProblems). */
  problems: string[];
  /** Paths the test expects to answer 4xx. */
  expected?: Set<string>;
  viewport?: { width: number; height: number };
  acceptDownloads?: boolean;
  /** The page sign-in should land on (a glob such as '/admin/users'); by default anywhere but /login. */
  home?: string;
}

/** A fresh browser context (zh-CN, Asia/Shanghai) signed in through the login page. */
export async function signInAs(
  browser: Browser,
  base: string,
  username: string,
  password: string,
  o: SignInOptions,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: o.viewport ?? { width: 1366, height: 900 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    acceptDownloads: o.acceptDownloads ?? false,
  });
  const page = await context.newPage();
  watchProblems(page, o.problems, o.expected ?? new Set());
  await page.goto(`${base}/login`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
  if (o.home) await page.waitForURL(`**${o.home}`);
  else await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  return { context, page };
}
