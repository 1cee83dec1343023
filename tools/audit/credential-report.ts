/**
 * The IAM credential report: generate, wait, download and parse.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_getting-report.html
 */
import { GenerateCredentialReportCommand, GetCredentialReportCommand, type IAMClient } from '@aws-sdk/client-iam';

/** The row of the account's root user. */
export const ROOT_ACCOUNT = '<root_account>';

/** The 22 columns of the report, in AWS's order. */
export const CREDENTIAL_REPORT_COLUMNS = [
  'user',
  'arn',
  'user_creation_time',
  'password_enabled',
  'password_last_used',
  'password_last_changed',
  'password_next_rotation',
  'mfa_active',
  'access_key_1_active',
  'access_key_1_last_rotated',
  'access_key_1_last_used_date',
  'access_key_1_last_used_region',
  'access_key_1_last_used_service',
  'access_key_2_active',
  'access_key_2_last_rotated',
  'access_key_2_last_used_date',
  'access_key_2_last_used_region',
  'access_key_2_last_used_service',
  'cert_1_active',
  'cert_1_last_rotated',
  'cert_2_active',
  'cert_2_last_rotated',
] as const;

/**
 * What the report writes instead of a value: N/A (does not apply, e.g. no key),
 * no_information (never used, or used before AWS tracked it), not_supported (root's password fields).
 */
export type NoValue = 'N/A' | 'no_information' | 'not_supported';
export type ReportDate = Date | NoValue;
export type ReportFlag = boolean | NoValue;
export type ReportText = string | NoValue;

export interface AccessKeyColumns {
  readonly active: ReportFlag;
  readonly lastRotated: ReportDate;
  readonly lastUsedDate: ReportDate;
  readonly lastUsedRegion: ReportText;
  readonly lastUsedService: ReportText;
}

export interface CertificateColumns {
  readonly active: ReportFlag;
  readonly lastRotated: ReportDate;
}

export interface CredentialReportRow {
  readonly user: string;
  readonly arn: string;
  readonly isRoot: boolean;
  readonly userCreationTime: ReportDate;
  readonly passwordEnabled: ReportFlag;
  readonly passwordLastUsed: ReportDate;
  readonly passwordLastChanged: ReportDate;
  readonly passwordNextRotation: ReportDate;
  readonly mfaActive: ReportFlag;
  readonly accessKeys: readonly [AccessKeyColumns, AccessKeyColumns];
  readonly certificates: readonly [CertificateColumns, CertificateColumns];
}

export interface CredentialReport {
  readonly generatedAt?: Date;
  readonly rows: readonly CredentialReportRow[];
}

const NO_VALUES: readonly string[] = ['N/A', 'no_information', 'not_supported'];

function isNoValue(raw: string): raw is NoValue {
  return NO_VALUES.includes(raw);
}

export class CredentialReportFormatError extends Error {}

function parseDate(raw: string, column: string, line: number): ReportDate {
  if (isNoValue(raw)) return raw;
  const date = new Date(raw);
  if (Number.isNaN(date.getTime())) throw new CredentialReportFormatError(`credential report line ${line}: ${column} is not a date: ${JSON.stringify(raw)}`);
  return date;
}

function parseFlag(raw: string, column: string, line: number): ReportFlag {
  if (isNoValue(raw)) return raw;
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  throw new CredentialReportFormatError(`credential report line ${line}: ${column} is not true or false: ${JSON.stringify(raw)}`);
}

/** Split one CSV line; quoted fields may hold commas and doubled quotes. */
function splitCsvLine(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      fields.push(field);
      field = '';
    } else field += c;
  }
  fields.push(field);
  return fields;
}

/** Parse the report's CSV. Columns are found by header name, so a reordered report still parses. */
export function parseCredentialReport(csv: string): CredentialReportRow[] {
  const lines = csv.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length === 0) throw new CredentialReportFormatError('credential report is empty');
  const header = splitCsvLine(lines[0]);
  const missing = CREDENTIAL_REPORT_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length > 0) throw new CredentialReportFormatError(`credential report lacks column(s): ${missing.join(', ')}`);
  const index = Object.fromEntries(CREDENTIAL_REPORT_COLUMNS.map((c) => [c, header.indexOf(c)])) as Record<(typeof CREDENTIAL_REPORT_COLUMNS)[number], number>;

  return lines.slice(1).map((text, i) => {
    const lineNo = i + 2;
    const fields = splitCsvLine(text);
    if (fields.length < header.length) throw new CredentialReportFormatError(`credential report line ${lineNo}: ${fields.length} fields, expected ${header.length}`);
    const get = (c: (typeof CREDENTIAL_REPORT_COLUMNS)[number]) => fields[index[c]];
    const date = (c: (typeof CREDENTIAL_REPORT_COLUMNS)[number]) => parseDate(get(c), c, lineNo);
    const flag = (c: (typeof CREDENTIAL_REPORT_COLUMNS)[number]) => parseFlag(get(c), c, lineNo);
    const text_ = (c: (typeof CREDENTIAL_REPORT_COLUMNS)[number]): ReportText => get(c);
    const key = (n: 1 | 2): AccessKeyColumns => ({
      active: flag(`access_key_${n}_active`),
      lastRotated: date(`access_key_${n}_last_rotated`),
      lastUsedDate: date(`access_key_${n}_last_used_date`),
      lastUsedRegion: text_(`access_key_${n}_last_used_region`),
      lastUsedService: text_(`access_key_${n}_last_used_service`),
    });
    const cert = (n: 1 | 2): CertificateColumns => ({ active: flag(`cert_${n}_active`), lastRotated: date(`cert_${n}_last_rotated`) });
    const user = get('user');
    return {
      user,
      arn: get('arn'),
      isRoot: user === ROOT_ACCOUNT,
      userCreationTime: date('user_creation_time'),
      passwordEnabled: flag('password_enabled'),
      passwordLastUsed: date('password_last_used'),
      passwordLastChanged: date('password_last_changed'),
      passwordNextRotation: date('password_next_rotation'),
      mfaActive: flag('mfa_active'),
      accessKeys: [key(1), key(2)],
      certificates: [cert(1), cert(2)],
    };
  });
}

export interface FetchReportOptions {
  /** Called on every poll while AWS generates the report. */
  readonly onProgress?: (state: string, attempt: number) => void;
  /** Longest delay between polls - default 2000 ms. The first poll comes after 250 ms at most, and the delay doubles up to this. */
  readonly pollIntervalMs?: number;
  /** Give up after this long - default 120000 ms. */
  readonly timeoutMs?: number;
}

/**
 * Ask AWS for a credential report and download it. AWS regenerates the report
 * at most every 4 hours; a newer one is returned as is (see generatedAt).
 */
export async function fetchCredentialReport(iam: IAMClient, options: FetchReportOptions = {}): Promise<CredentialReport> {
  const interval = options.pollIntervalMs ?? 2000;
  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  for (let attempt = 1; ; attempt++) {
    const { State } = await iam.send(new GenerateCredentialReportCommand({}));
    options.onProgress?.(State ?? 'UNKNOWN', attempt);
    if (State === 'COMPLETE') break;
    if (Date.now() > deadline) throw new Error(`the credential report was not ready after ${Math.round((options.timeoutMs ?? 120_000) / 1000)}s; try again later`);
    // A report is often ready within a second: a fixed 2 s wait was most of an audit's time.
    await new Promise((r) => setTimeout(r, Math.min(interval, 250 * 2 ** (attempt - 1))));
  }
  const report = await iam.send(new GetCredentialReportCommand({}));
  const content = report.Content ? Buffer.from(report.Content).toString('utf8') : '';
  return { generatedAt: report.GeneratedTime, rows: parseCredentialReport(content) };
}
