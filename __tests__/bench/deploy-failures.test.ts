import { existingObjects, importBlocks } from '../../tools/bench/deploy-failures';

describe('recovering a plain-HCL deploy from objects the emulator made but reported as failed', () => {
  const output = [
    'aws_iam_user.person["100001"]: Creating...',
    '',
    'Error: creating IAM User (RB100276): operation error IAM: CreateUser, https response error StatusCode: 409, RequestID: I7L4, EntityAlreadyExists: User RB100276 already exists',
    '',
    '  with aws_iam_user.person["100276"],',
    '  on main.tf line 44, in resource "aws_iam_user" "person":',
    '',
    'Error: creating IAM User Login Profile for "RA100036": operation error IAM: CreateLoginProfile, https response error StatusCode: 409, RequestID: 6m4f, EntityAlreadyExists: User RA100036 already has password',
    '',
    '  with aws_iam_user_login_profile.person["100036"],',
    '',
    'Error: creating IAM Group (assume-security-auditor): operation error IAM: CreateGroup, StatusCode: 409, EntityAlreadyExists: Group assume-security-auditor already exists',
    '',
    '  with aws_iam_group.role["security-auditor"],',
    '',
    'Error: creating IAM Role (admin): operation error IAM: CreateRole, StatusCode: 500, ServiceFailure',
    '',
    '  with aws_iam_role.admin,',
  ].join('\n');

  test('each object reported as already existing is imported at the address whose create failed, and nothing else', () => {
    expect(existingObjects(output)).toEqual([
      { address: 'aws_iam_user.person["100276"]', id: 'RB100276' },
      { address: 'aws_iam_user_login_profile.person["100036"]', id: 'RA100036' },
      { address: 'aws_iam_group.role["security-auditor"]', id: 'assume-security-auditor' },
    ]);
    expect(importBlocks(existingObjects(output).slice(0, 1))).toBe('import {\n  to = aws_iam_user.person["100276"]\n  id = "RB100276"\n}\n');
  });
});
