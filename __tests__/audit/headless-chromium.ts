/**
 * Headless Chromium for page tests, from the npm package @sparticuz/chromium: the binary
 * ships inside the package (brotli-compressed, unpacked into the temp folder on first
 * launch), so `npm ci` alone provides it, with no download and no install script.
 */
import chromium from '@sparticuz/chromium';
import puppeteer, { type Browser, type HTTPRequest, type Page } from 'puppeteer-core';

/**
 * The package's flags are tuned for AWS Lambda; these two would weaken what a page test
 * checks (the same-origin policy and mixed-content blocking), so they are left out.
 */
const WEAKENING_FLAGS = new Set(['--disable-web-security', '--allow-running-insecure-content']);

export async function launchChromium(): Promise<Browser> {
  return puppeteer.launch({
    executablePath: await chromium.executablePath(),
    args: chromium.args.filter((arg) => !WEAKENING_FLAGS.has(arg)),
    headless: 'shell',
    defaultViewport: { width: 1400, height: 900 },
  });
}

export interface OfflinePage {
  readonly page: Page;
  /** Every request the page made besides its own document: each one was aborted. */
  readonly requests: string[];
}

/** Open a local file with every other request recorded and aborted, so nothing leaves the machine. */
export async function openOffline(browser: Browser, fileUrl: string, options: { bypassCsp?: boolean } = {}): Promise<OfflinePage> {
  const page = await browser.newPage();
  const requests: string[] = [];
  // To prove that the recorder sees requests the page's own policy would have blocked.
  if (options.bypassCsp) await page.setBypassCSP(true);
  await page.setRequestInterception(true);
  page.on('request', (request: HTTPRequest) => {
    if (request.url() === fileUrl) return void request.continue();
    requests.push(request.url());
    void request.abort('blockedbyclient');
  });
  await page.goto(fileUrl, { waitUntil: 'load' });
  return { page, requests };
}
