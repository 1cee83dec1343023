import { applyErrors } from '../../tools/deploy/apply-errors';

/** terraform apply -no-color, as the deploy runs it: the lost answer to NPark's CreateUser and a throttled role. */
const PLAIN = [
  'aws_iam_user.user-1007: Creating...',
  'aws_iam_role.role-ops: Creating...',
  '',
  'Error: creating IAM User (NPark): operation error IAM: CreateUser, https response error StatusCode: 409, RequestID: mRTi1YAG, EntityAlreadyExists: User NPark already exists',
  '',
  '  with aws_iam_user.user-1007,',
  '  on cdk.tf.json line 482, in resource.aws_iam_user.user-1007:',
  ' 482:       }',
  '',
  'Error: creating IAM Role (ops): operation error IAM: CreateRole, exceeded maximum number of attempts, 25, https response error StatusCode: 400, Throttling: Rate exceeded',
  '',
  '  with aws_iam_role.role-ops,',
  '  on cdk.tf.json line 90, in resource.aws_iam_role.role-ops:',
  '  90:       }',
  '',
].join('\n');

/** Errors as terraform prints them with colour on: boxed, each line after a "│". */
const BOXED = [
  '╷',
  '│ Error: creating IAM User Login Profile for "NPark": operation error IAM: CreateLoginProfile, https response error StatusCode: 409, EntityAlreadyExists: Login Profile for User NPark already exists.',
  '│ ',
  '│   with aws_iam_user_login_profile.login-1007,',
  '│   on cdk.tf.json line 501, in resource.aws_iam_user_login_profile.login-1007:',
  '│  501:       }',
  '│ ',
  '╵',
  '╷',
  '│ Error: Failed to load plugin schemas',
  '│ ',
  '╵',
].join('\n');

describe("reading a failed apply's errors", () => {
  test('each error gives its first line, the address of its "with" line, and whether IAM said EntityAlreadyExists', () => {
    expect(applyErrors(PLAIN)).toEqual([
      {
        summary:
          'creating IAM User (NPark): operation error IAM: CreateUser, https response error StatusCode: 409, RequestID: mRTi1YAG, EntityAlreadyExists: User NPark already exists',
        address: 'aws_iam_user.user-1007',
        alreadyExists: true,
      },
      {
        summary: 'creating IAM Role (ops): operation error IAM: CreateRole, exceeded maximum number of attempts, 25, https response error StatusCode: 400, Throttling: Rate exceeded',
        address: 'aws_iam_role.role-ops',
        alreadyExists: false,
      },
    ]);
  });

  test("with colour's box drawing, an error without a resource names none, and one error's lines are never read as the next's", () => {
    expect(applyErrors(BOXED).map(({ address, alreadyExists }) => ({ address, alreadyExists }))).toEqual([
      { address: 'aws_iam_user_login_profile.login-1007', alreadyExists: true },
      { address: undefined, alreadyExists: false },
    ]);
  });

  test('a successful apply has none, and a warning is not an error', () => {
    expect(applyErrors('aws_iam_user.user-1007: Creation complete after 0s [id=NPark]\n\nApply complete! Resources: 1 added, 0 changed, 0 destroyed.\n')).toEqual([]);
    expect(applyErrors('\nWarning: Argument is deprecated\n\n  with aws_iam_user.user-1007,\n')).toEqual([]);
  });
});
