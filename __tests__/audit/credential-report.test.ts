import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkCredentialReport } from '../../tools/audit/credential-checks';
import { CREDENTIAL_REPORT_COLUMNS, CredentialReportFormatError, parseCredentialReport } from '../../tools/audit/credential-report';

/**
 * The emulator's report has no root row and cannot age credentials, so the
 * root and age rules are tested here on a report in AWS's format, at a fixed time.
 */
const csv = readFileSync(join(__dirname, 'fixtures', 'credential-report.csv'), 'utf8');
const rows = parseCredentialReport(csv);
const NOW = new Date('2026-11-23T12:00:00Z');
const findingsAt = (options: Partial<Parameters<typeof checkCredentialReport>[1]> = {}) =>
  checkCredentialReport(rows, { now: NOW, ...options }).map((f) => `${f.id} ${f.user} ${f.severity}`).sort();

describe('parsing the credential report', () => {
  test('reads all 22 columns of every row, root included', () => {
    expect(CREDENTIAL_REPORT_COLUMNS).toHaveLength(22);
    expect(rows.map((r) => r.user)).toEqual(['<root_account>', 'JSmith', 'JaneSmith', 'JNunez', 'ci-bot', 'odd,name']);
    const bot = rows[4];
    expect(bot).toEqual({
      user: 'ci-bot',
      arn: 'arn:aws:iam::123456789012:user/ci-bot',
      isRoot: false,
      userCreationTime: new Date('2025-01-01T00:00:00Z'),
      passwordEnabled: false,
      passwordLastUsed: 'N/A',
      passwordLastChanged: 'N/A',
      passwordNextRotation: 'N/A',
      mfaActive: false,
      accessKeys: [
        { active: true, lastRotated: new Date('2025-01-01T00:00:00Z'), lastUsedDate: new Date('2026-11-22T00:00:00Z'), lastUsedRegion: 'us-east-1', lastUsedService: 'sts' },
        { active: true, lastRotated: new Date('2026-11-01T00:00:00Z'), lastUsedDate: 'N/A', lastUsedRegion: 'N/A', lastUsedService: 'N/A' },
      ],
      certificates: [
        { active: true, lastRotated: new Date('2025-01-01T00:00:00Z') },
        { active: false, lastRotated: 'N/A' },
      ],
    });
  });

  test('keeps not_supported and no_information apart from dates', () => {
    expect(rows[0]).toMatchObject({ isRoot: true, passwordEnabled: 'not_supported', passwordLastChanged: 'not_supported', mfaActive: false });
    expect(rows[2].passwordLastUsed).toBe('no_information');
  });

  test('reads quoted fields that contain commas', () => {
    expect(rows[5].user).toBe('odd,name');
    expect(rows[5].arn).toBe('arn:aws:iam::123456789012:user/odd');
  });

  test('rejects a report that lacks a column, naming it', () => {
    const withoutMfa = csv.replace('mfa_active,', 'mfa_enabled,');
    expect(() => parseCredentialReport(withoutMfa)).toThrow(new CredentialReportFormatError('credential report lacks column(s): mfa_active'));
  });

  test('rejects a value that is neither a date nor a known placeholder, naming line and column', () => {
    const broken = csv.replace('2026-08-01T09:00:00+00:00', 'yesterday');
    expect(() => parseCredentialReport(broken)).toThrow('credential report line 5: password_last_used is not a date: "yesterday"');
  });
});

describe('checking the credential report', () => {
  test('reports root keys, root without MFA, root use in the window, and every user rule', () => {
    expect(findingsAt()).toEqual(
      [
        'root-access-key <root_account> critical',
        'root-no-mfa <root_account> critical',
        'root-used-recently <root_account> high',
        // JaneSmith's password is 3 days old: within the 7-day MFA grace period.
        'console-mfa-pending JaneSmith info',
        // JNunez: password since January, never with MFA, last used 114 days ago.
        'console-no-mfa JNunez high',
        'password-unused JNunez medium',
        // ci-bot: key 1 is 691 days old; key 2 never used but only 22 days old.
        'access-key-old ci-bot medium',
        'multiple-active-keys ci-bot medium',
      ].sort(),
    );
  });

  test('root use older than the window is not reported', () => {
    expect(findingsAt({ rootWindowDays: 2 })).not.toContain('root-used-recently <root_account> high');
    expect(findingsAt({ rootWindowDays: 4 })).toContain('root-used-recently <root_account> high');
  });

  test('a console user without MFA past the grace period is high, not pending', () => {
    const found = findingsAt({ mfaGraceDays: 3 });
    expect(found).toContain('console-no-mfa JaneSmith high');
    expect(found).not.toContain('console-mfa-pending JaneSmith info');
  });

  test('a user nobody put on the roster gets no MFA grace period: a new password without MFA is high at once', () => {
    const found = findingsAt({ hasMfaGrace: (user) => user !== 'JaneSmith' });
    expect(found).toContain('console-no-mfa JaneSmith high');
    expect(found).not.toContain('console-mfa-pending JaneSmith info');
  });

  test('an active key unused for the threshold is reported, with the thresholds configurable', () => {
    const found = findingsAt({ unusedDays: 20, keyMaxAgeDays: 1000 });
    expect(found).toContain('access-key-unused ci-bot medium');
    expect(found).not.toContain('access-key-old ci-bot medium');
  });
});
