import type { PasswordPolicy } from '@aws-sdk/client-iam';
import { checkPasswordPolicy } from '../../tools/audit/password-policy-check';

/** What GetAccountPasswordPolicy returns after a deploy of the cis policy (recorded from the emulator's shape). */
const CIS: PasswordPolicy = {
  MinimumPasswordLength: 14,
  RequireSymbols: true,
  RequireNumbers: true,
  RequireUppercaseCharacters: true,
  RequireLowercaseCharacters: true,
  AllowUsersToChangePassword: true,
  ExpirePasswords: true,
  MaxPasswordAge: 90,
  PasswordReusePrevention: 24,
  HardExpiry: false,
};
// IAM leaves out the fields it does not enforce: no expiry, no reuse limit.
const NIST: PasswordPolicy = { MinimumPasswordLength: 16, RequireSymbols: false, RequireNumbers: false, RequireUppercaseCharacters: false, RequireLowercaseCharacters: false, AllowUsersToChangePassword: true, ExpirePasswords: false, PasswordReusePrevention: 24, HardExpiry: false };

test('the policy each standard deploys gives no finding', () => {
  expect(checkPasswordPolicy('cis', CIS)).toEqual([]);
  expect(checkPasswordPolicy('nist', NIST)).toEqual([]);
});

test('a shorter minimum length is high, with the expected and found value', () => {
  expect(checkPasswordPolicy('cis', { ...CIS, MinimumPasswordLength: 8 })).toEqual([
    expect.objectContaining({ id: 'password-policy-drift', severity: 'high', expected: '14', found: '8', message: 'MinimumPasswordLength is 8; the cis policy the roster sets is 14 (weaker)' }),
  ]);
});

test('every differing field is its own finding; stricter is medium, weaker is high', () => {
  const found = checkPasswordPolicy('cis', { ...CIS, RequireSymbols: false, MaxPasswordAge: undefined, PasswordReusePrevention: 5, HardExpiry: true, MinimumPasswordLength: 20 });
  expect(found.map((f) => [f.message.split(' ')[0], f.severity])).toEqual([
    ['MinimumPasswordLength', 'medium'],
    ['PasswordReusePrevention', 'high'],
    ['RequireSymbols', 'high'],
    ['MaxPasswordAge', 'high'],
    ['HardExpiry', 'medium'],
  ]);
});

test('a nist account given a 90-day expiry is drift, but not weaker', () => {
  expect(checkPasswordPolicy('nist', { ...NIST, MaxPasswordAge: 90 }).map((f) => f.severity)).toEqual(['medium']);
});

test('no password policy at all is its own high finding', () => {
  expect(checkPasswordPolicy('cis', undefined)).toEqual([expect.objectContaining({ id: 'password-policy-missing', severity: 'high', user: 'password-policy' })]);
});
