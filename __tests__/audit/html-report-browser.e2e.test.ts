/**
 * The HTML report as a reviewer opens it: the example roster, with one hostile display
 * name, deployed to the emulator through real Terraform; MFA for one person and an access
 * key for another made by hand; `npm run audit -- --format html --output <file>`; then the
 * file opened in headless Chromium with every request but the page itself recorded and
 * aborted. The emulator writes no root row in its credential report, so the page must
 * say so (the unit test renders a recorded root row). A screenshot goes to
 * test-artifacts/audit-report.png.
 */
import { CreateAccessKeyCommand, CreateVirtualMFADeviceCommand, EnableMFADeviceCommand, IAMClient } from '@aws-sdk/client-iam';
import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'puppeteer-core';
import { hostEnv } from '../../config/from-env';
import { parseRoster } from '../../roster';
import { type Finding, SEVERITIES, atOrAbove, countBySeverity } from '../../tools/audit/findings';
import { PROJECT_ROOT } from '../../tools/project-root';
import { type EmulatorAccount, deployStack, emulatorAccount } from './emulator-account';
import { launchChromium, openOffline } from './headless-chromium';
import { HOSTILE_NAME, hostileRosterText } from './hostile-roster';

const SCREENSHOT = join(PROJECT_ROOT, 'test-artifacts', 'audit-report.png');
const dir = mkdtempSync(join(tmpdir(), 'audit-html-'));
const rosterFile = join(dir, 'users.yaml');
writeFileSync(rosterFile, hostileRosterText());
const roster = parseRoster(readFileSync(rosterFile, 'utf8'), rosterFile);
const htmlFile = join(dir, 'report.html');
const jsonFile = join(dir, 'report.json');

let account: EmulatorAccount;
let browser: Browser;
let htmlRun: SpawnSyncReturns<string>;
let jsonRun: SpawnSyncReturns<string>;
let findings: Finding[];
let page: Page;
let requests: string[];

function audit(...args: string[]): SpawnSyncReturns<string> {
  return spawnSync(join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx'), [join(PROJECT_ROOT, 'tools', 'cli', 'audit.ts'), ...args], {
    cwd: PROJECT_ROOT,
    encoding: 'utf8',
    env: { ...hostEnv(), ...account.env, ROSTER_FILE: rosterFile },
  });
}

/** The text of each cell of each row of a table body. */
function cells(selector: string): Promise<string[][]> {
  return page.$$eval(`${selector} tbody tr`, (rows) => rows.map((row) => [...row.querySelectorAll('td')].map((td) => td.textContent ?? '')));
}

beforeAll(async () => {
  account = await emulatorAccount(rosterFile);
  deployStack(account, 'identity');
  const iam = new IAMClient({ region: 'us-east-1', endpoint: account.emulator.endpoint, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
  const { VirtualMFADevice } = await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'JSmith' }));
  await iam.send(new EnableMFADeviceCommand({ UserName: 'JSmith', SerialNumber: VirtualMFADevice?.SerialNumber, AuthenticationCode1: '123456', AuthenticationCode2: '654321' }));
  await iam.send(new CreateAccessKeyCommand({ UserName: 'PRaman' }));

  htmlRun = audit('--format', 'html', '--output', htmlFile);
  jsonRun = audit('--format', 'json', '--output', jsonFile);
  for (const run of [htmlRun, jsonRun]) if (run.status !== 0 && run.status !== 1) throw new Error(`the audit could not run (exit ${run.status}):\n${run.stderr}`);
  findings = JSON.parse(readFileSync(jsonFile, 'utf8')).findings;

  browser = await launchChromium();
  ({ page, requests } = await openOffline(browser, pathToFileURL(htmlFile).href));
  mkdirSync(join(PROJECT_ROOT, 'test-artifacts'), { recursive: true });
  await page.screenshot({ path: SCREENSHOT, fullPage: true });
  console.log(`audit report screenshot: ${SCREENSHOT}`);
});

afterAll(async () => {
  await browser?.close();
  await account?.emulator.stop();
});

test('the CLI writes the page to --output, nothing to stdout, and exits 1 for the access key (high)', () => {
  expect([htmlRun.status, htmlRun.stdout]).toEqual([1, '']);
  expect(htmlRun.stderr).toContain(`audit: wrote ${htmlFile}`);
  expect([jsonRun.status, jsonRun.stdout]).toEqual([1, '']);
  expect(findings.map((f) => `${f.severity} ${f.id} ${f.user}`)).toContain('high access-key-on-person PRaman');
});

test('an --output the CLI cannot write is exit 2 with one line saying why', () => {
  const run = audit('--format', 'html', '--output', join(dir, 'missing', 'report.html'));
  expect([run.status, run.stdout, run.stderr.trim().split('\n').at(-1)]).toEqual([2, '', `audit: cannot write ${join(dir, 'missing', 'report.html')}: ENOENT`]);
});

test('the page renders with the account and the verdict', async () => {
  expect(await page.$eval('h1', (h) => h.textContent)).toBe('IAM audit of account 123456789012');
  // The same counts as the JSON output of the same account.
  const counts = countBySeverity(findings);
  const parts = [...SEVERITIES].reverse().filter((s) => counts[s] > 0).map((s) => `${counts[s]} ${s}`);
  const verdict = `${findings.length} finding(s) (${parts.join(', ')}); ${atOrAbove(findings, 'medium').length} at or above medium.`;
  expect(await page.$eval('#verdict', (p) => p.textContent)).toBe(verdict);
});

test('the people table has exactly one row per roster person, with username and team', async () => {
  const rows = await cells('#people');
  expect(rows.map(([username, , team]) => [username, team])).toEqual(roster.people.map((p) => [p.username, p.team]));
  const praman = rows[roster.people.findIndex((p) => p.username === 'PRaman')];
  expect(praman[9]).toMatch(/^1 active, 0 inactive; never used$/);
});

test('the findings table holds the audit findings, most severe first', async () => {
  const rows = await cells('#findings');
  expect(rows.map(([severity, id, user, message]) => [severity, id, user, message])).toEqual(findings.map((f) => [f.severity, f.id, f.user, f.message]));
  expect(rows.length).toBeGreaterThan(1);
});

test('the root account shows as not in the report, since the emulator writes no root row', async () => {
  expect(await page.$eval('#root', (p) => p.textContent)).toBe('The root account (<root_account>): not in the report.');
});

test('the MFA chart counts the one person who enrolled among the four with a console password', async () => {
  expect(await page.$eval('#chart-mfa', (svg) => svg.getAttribute('aria-label'))).toBe('MFA coverage: 1 of 4 people with a console password');
});

test('a hostile roster name renders as text: no script ran, no element was injected', async () => {
  const name = await page.$eval('#people tr[data-employee-id="1002"] td.name', (td) => td.textContent);
  expect(name).toBe(HOSTILE_NAME);
  expect(await page.$$eval('script, img, iframe, link', (els) => els.length)).toBe(0);
  expect(await page.evaluate('typeof window.pwned')).toBe('undefined');
});

test('the page requests nothing; with its policy bypassed, a request would have been seen', async () => {
  expect(requests).toEqual([]);
  // The same page with an image and a stylesheet from elsewhere: its policy blocks both...
  const withRemote = join(dir, 'with-remote.html');
  const remote = '<img src="http://127.0.0.1:9/pixel.png"><link rel="stylesheet" href="http://127.0.0.1:9/style.css">';
  writeFileSync(withRemote, readFileSync(htmlFile, 'utf8').replace('</body>', `${remote}</body>`));
  const blocked = await openOffline(browser, pathToFileURL(withRemote).href);
  expect(blocked.requests).toEqual([]);
  // ...and without the policy the recorder sees them, so an empty list above means something.
  const bypassed = await openOffline(browser, pathToFileURL(withRemote).href, { bypassCsp: true });
  expect(bypassed.requests.sort()).toEqual(['http://127.0.0.1:9/pixel.png', 'http://127.0.0.1:9/style.css']);
});
