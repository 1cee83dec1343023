/**
 * Checks on the credential report: root use, MFA, unused and old credentials.
 * Plain functions of the report and the time, so every rule is testable on CSV.
 */
import type { AccessKeyColumns, CredentialReportRow, ReportDate } from './credential-report';
import type { Finding } from './findings';

export interface CredentialCheckOptions {
  /** The time the audit judges against. */
  readonly now: Date;
  /** Root use within this many days is reported - default 30. */
  readonly rootWindowDays?: number;
  /** A password or active key unused this many days is reported - default 45 (CIS 1.12). */
  readonly unusedDays?: number;
  /** An active key older than this many days is reported - default 90 (CIS 1.14). */
  readonly keyMaxAgeDays?: number;
  /**
   * Days a console user has, from the day the password was set, to enrol MFA
   * before it counts as console-no-mfa (until then: console-mfa-pending, info) - default 7.
   */
  readonly mfaGraceDays?: number;
  /**
   * Whether a user gets the MFA grace period: roster people do, since they enrol at first
   * sign-in; a user nobody put on the roster does not - default every user.
   */
  readonly hasMfaGrace?: (user: string) => boolean;
}

export const CREDENTIAL_DEFAULTS = { rootWindowDays: 30, unusedDays: 45, keyMaxAgeDays: 90, mfaGraceDays: 7 } as const;

const DAY_MS = 86_400_000;

function asDate(value: ReportDate): Date | undefined {
  return value instanceof Date ? value : undefined;
}

function daysBetween(earlier: Date, later: Date): number {
  return Math.floor((later.getTime() - earlier.getTime()) / DAY_MS);
}

function day(d: Date): string {
  return d.toISOString().slice(0, 10);
}

function latest(...dates: (Date | undefined)[]): Date | undefined {
  return dates.filter((d): d is Date => d !== undefined).sort((a, b) => b.getTime() - a.getTime())[0];
}

export function checkCredentialReport(rows: readonly CredentialReportRow[], options: CredentialCheckOptions): Finding[] {
  const o: Required<CredentialCheckOptions> = {
    now: options.now,
    rootWindowDays: options.rootWindowDays ?? CREDENTIAL_DEFAULTS.rootWindowDays,
    unusedDays: options.unusedDays ?? CREDENTIAL_DEFAULTS.unusedDays,
    keyMaxAgeDays: options.keyMaxAgeDays ?? CREDENTIAL_DEFAULTS.keyMaxAgeDays,
    mfaGraceDays: options.mfaGraceDays ?? CREDENTIAL_DEFAULTS.mfaGraceDays,
    hasMfaGrace: options.hasMfaGrace ?? (() => true),
  };
  const findings: Finding[] = [];
  for (const row of rows) findings.push(...(row.isRoot ? checkRoot(row, o) : checkUser(row, o)));
  return findings;
}

function checkRoot(row: CredentialReportRow, o: Required<CredentialCheckOptions>): Finding[] {
  const findings: Finding[] = [];
  const user = row.user;
  row.accessKeys.forEach((key, i) => {
    if (key.active === true) {
      findings.push({
        id: 'root-access-key',
        severity: 'critical',
        user,
        message: `root user has an active access key (key ${i + 1})`,
        expected: 'no access key on root',
        found: `an active access key (key ${i + 1})`,
        action: 'delete the root access key (sign in as root > Security credentials); use IAM roles instead',
      });
    }
  });
  if (row.mfaActive !== true) {
    findings.push({
      id: 'root-no-mfa',
      severity: 'critical',
      user,
      message: 'root user has no MFA device',
      expected: 'an MFA device on root',
      found: 'no MFA device',
      action: 'enable a hardware or virtual MFA device on the root user and keep it locked away',
    });
  }
  const lastUse = latest(asDate(row.passwordLastUsed), ...row.accessKeys.map((k) => asDate(k.lastUsedDate)));
  if (lastUse && daysBetween(lastUse, o.now) < o.rootWindowDays) {
    findings.push({
      id: 'root-used-recently',
      severity: 'high',
      user,
      message: `root user was used on ${day(lastUse)}, within the last ${o.rootWindowDays} days`,
      expected: `no use in the last ${o.rootWindowDays} days`,
      found: `used ${day(lastUse)}`,
      action: 'confirm with the security team who used root and why; use it only for the few tasks that require it',
    });
  }
  return findings;
}

function checkUser(row: CredentialReportRow, o: Required<CredentialCheckOptions>): Finding[] {
  const findings: Finding[] = [];
  const user = row.user;
  if (row.passwordEnabled === true) {
    const passwordSet = asDate(row.passwordLastChanged) ?? asDate(row.userCreationTime);
    if (row.mfaActive !== true) {
      const age = passwordSet ? daysBetween(passwordSet, o.now) : Infinity;
      if (age >= o.mfaGraceDays || !o.hasMfaGrace(user)) {
        findings.push({
          id: 'console-no-mfa',
          severity: 'high',
          user,
          message: `console password without MFA${passwordSet ? ` (password set ${day(passwordSet)}, ${age} days ago)` : ''}`,
          expected: 'an MFA device',
          found: passwordSet ? `no MFA device, password set ${day(passwordSet)}` : 'no MFA device',
          action: 'have the person enrol an MFA device now, or remove the console password (console: false in users.yaml)',
        });
      } else {
        findings.push({
          id: 'console-mfa-pending',
          severity: 'info',
          user,
          message: `new console password without MFA yet (set ${day(passwordSet as Date)}, grace period ${o.mfaGraceDays} days)`,
          expected: `an MFA device by ${day(new Date((passwordSet as Date).getTime() + o.mfaGraceDays * DAY_MS))}`,
          found: 'no MFA device yet',
          action: 'the person must enrol MFA at first sign-in; until then everything but enrolling MFA is denied',
        });
      }
    }
    const lastUsed = asDate(row.passwordLastUsed);
    const since = lastUsed ?? passwordSet;
    if (since && daysBetween(since, o.now) >= o.unusedDays) {
      findings.push({
        id: 'password-unused',
        severity: 'medium',
        user,
        message: lastUsed ? `console password last used ${day(lastUsed)}, ${daysBetween(lastUsed, o.now)} days ago` : `console password never used since ${day(since)}`,
        expected: `used within ${o.unusedDays} days`,
        found: lastUsed ? `last used ${day(lastUsed)}` : `never used since ${day(since)}`,
        action: 'remove the console password (console: false), or offboard or suspend the person',
      });
    }
  }
  const active = row.accessKeys.map((k, i) => ({ key: k, n: i + 1 })).filter(({ key }) => key.active === true);
  for (const { key, n } of active) findings.push(...checkKey(user, key, n, o));
  if (active.length > 1) {
    findings.push({
      id: 'multiple-active-keys',
      severity: 'medium',
      user,
      message: `${active.length} active access keys`,
      expected: 'at most one active key',
      found: `${active.length} active keys`,
      action: 'keep at most one active key: deactivate and delete the one not in use',
    });
  }
  return findings;
}

function checkKey(user: string, key: AccessKeyColumns, n: number, o: Required<CredentialCheckOptions>): Finding[] {
  const findings: Finding[] = [];
  const rotated = asDate(key.lastRotated);
  const used = asDate(key.lastUsedDate);
  const since = used ?? rotated;
  if (since && daysBetween(since, o.now) >= o.unusedDays) {
    findings.push({
      id: 'access-key-unused',
      severity: 'medium',
      user,
      message: used ? `access key ${n} last used ${day(used)}, ${daysBetween(used, o.now)} days ago` : `access key ${n} never used since it was created ${day(since)}`,
      expected: `used within ${o.unusedDays} days`,
      found: used ? `last used ${day(used)}` : `never used since ${day(since)}`,
      action: `deactivate and delete access key ${n}`,
    });
  }
  if (rotated && daysBetween(rotated, o.now) >= o.keyMaxAgeDays) {
    findings.push({
      id: 'access-key-old',
      severity: 'medium',
      user,
      message: `access key ${n} created ${day(rotated)}, ${daysBetween(rotated, o.now)} days ago (limit ${o.keyMaxAgeDays})`,
      expected: `created within ${o.keyMaxAgeDays} days`,
      found: `created ${day(rotated)}`,
      action: `rotate access key ${n}: create a new key, switch to it, delete the old one (better: use roles, not keys)`,
    });
  }
  return findings;
}
