import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { settingsEnv } from '../../config/child-env';
import { ConfigError, type Config, configFrom } from '../../config/config';
import { awsVariablesTable, configurationTable } from '../../config/docs';
import { hostEnv } from '../../config/from-env';
import { VARIABLES } from '../../config/schema';
import { PROJECT_ROOT } from '../../tools/project-root';

function between(text: string, marker: string): string {
  const start = text.indexOf(`<!-- ${marker}:start -->\n`);
  const end = text.indexOf(`\n<!-- ${marker}:end -->`);
  if (start < 0 || end < 0) throw new Error(`docs/configuration.md has no ${marker} markers`);
  return text.slice(start + `<!-- ${marker}:start -->\n`.length, end);
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('configuration', () => {
  it('docs/configuration.md lists exactly the variables of config/schema.ts, with their defaults and meanings', () => {
    const doc = readFileSync(join(PROJECT_ROOT, 'docs', 'configuration.md'), 'utf8');
    expect(between(doc, 'configuration-table')).toBe(configurationTable());
    expect(between(doc, 'aws-table')).toBe(awsVariablesTable());
  });

  it('the stacks and the roster never read the environment: they take props', () => {
    const readers = ['stacks', 'roster'].flatMap((dir) => sourceFiles(join(PROJECT_ROOT, dir))).filter((f) => /process\.env/.test(readFileSync(f, 'utf8')));
    expect(readers).toEqual([]);
  });

  it('an invalid value stops with a line naming each bad variable and the value', () => {
    const read = () => configFrom({ STATE_BUCKET: 'b', STATE_USE_PATH_STYLE: 'maybe', IAM_ROSTER_OFFLINE: 'yes', IAM_ROSTER_GITHUB_OIDC_PROVIDER: 'exisiting' });
    expect(read).toThrow(ConfigError);
    expect(() => read()).toThrow(
      ['STATE_USE_PATH_STYLE: expected true or false, got "maybe"', 'IAM_ROSTER_OFFLINE: expected 1 or 0, got "yes"', 'IAM_ROSTER_GITHUB_OIDC_PROVIDER: expected create or existing, got "exisiting"'].join('\n'),
    );
  });

  it('unset and empty variables give the documented defaults', () => {
    for (const env of [{}, Object.fromEntries(Object.keys(VARIABLES).map((k) => [k, '']))]) {
      const config = configFrom(env);
      expect(config).toEqual({
        rosterFile: 'users.yaml',
        outdir: join(PROJECT_ROOT, 'cdktf.out'),
        offline: false,
        state: { stateDir: undefined },
        accessAnalyzer: true,
        memberDeployRole: 'OrganizationAccountAccessRole',
        memberBootstrapRole: 'OrganizationAccountAccessRole',
        memberAuditRole: 'OrganizationAccountAccessRole',
        ci: { githubRepository: undefined, deployEnvironment: undefined, createGithubOidcProvider: true },
        localDir: join(PROJECT_ROOT, '.local'),
        emulatorDelayMs: 0,
        venvDir: join(PROJECT_ROOT, '.venv'),
        scannersVenvDir: join(PROJECT_ROOT, '.venv-scanners'),
        python: 'python3',
        providerMirror: undefined,
        aws: {},
      } satisfies Config);
    }
  });

  it('a member bootstrap role that is not an IAM role name is refused, naming the variable', () => {
    expect(configFrom({ IAM_ROSTER_MEMBER_BOOTSTRAP_ROLE: 'AWSControlTowerExecution' }).memberBootstrapRole).toBe('AWSControlTowerExecution');
    expect(() => configFrom({ IAM_ROSTER_MEMBER_BOOTSTRAP_ROLE: 'role/*' })).toThrow(
      'IAM_ROSTER_MEMBER_BOOTSTRAP_ROLE: expected an IAM role name, optionally after a path (/deploy/iam-roster), got "role/*"',
    );
  });

  it('a member deploy or audit role that is not an IAM role name is refused, naming the variable', () => {
    expect(configFrom({ IAM_ROSTER_MEMBER_DEPLOY_ROLE: '/deploy/iam-roster' }).memberDeployRole).toBe('/deploy/iam-roster');
    expect(() => configFrom({ IAM_ROSTER_MEMBER_DEPLOY_ROLE: 'arn:aws:iam::1:role/x' })).toThrow(
      'IAM_ROSTER_MEMBER_DEPLOY_ROLE: expected an IAM role name, optionally after a path (/deploy/iam-roster), got "arn:aws:iam::1:role/x"',
    );
    expect(configFrom({ IAM_ROSTER_MEMBER_AUDIT_ROLE: 'iam-roster-audit' })).toMatchObject({ memberAuditRole: 'iam-roster-audit', memberDeployRole: 'OrganizationAccountAccessRole' });
    expect(() => configFrom({ IAM_ROSTER_MEMBER_AUDIT_ROLE: 'role/with space' })).toThrow(
      'IAM_ROSTER_MEMBER_AUDIT_ROLE: expected an IAM role name, optionally after a path (/deploy/iam-roster), got "role/with space"',
    );
  });

  it('the emulator delay is a whole number of milliseconds, refused otherwise with the variable named', () => {
    expect(configFrom({ IAM_ROSTER_EMULATOR_DELAY_MS: '30' }).emulatorDelayMs).toBe(30);
    for (const bad of ['-5', '1.5', '30ms', '1000000']) {
      expect(() => configFrom({ IAM_ROSTER_EMULATOR_DELAY_MS: bad })).toThrow(`IAM_ROSTER_EMULATOR_DELAY_MS: expected a whole number of milliseconds (0 to 999999), got ${JSON.stringify(bad)}`);
    }
  });

  it('S3 state uses path-style addressing by default only behind a custom endpoint', () => {
    expect(configFrom({ STATE_BUCKET: 'b' }).state.s3?.usePathStyle).toBe(false);
    expect(configFrom({ STATE_BUCKET: 'b', AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:5000' }).state.s3?.usePathStyle).toBe(true);
    expect(configFrom({ STATE_BUCKET: 'b', AWS_ENDPOINT_URL: 'http://127.0.0.1:5000', STATE_USE_PATH_STYLE: '0' }).state.s3?.usePathStyle).toBe(false);
    expect(configFrom({ STATE_USE_PATH_STYLE: 'true' }).state.s3).toBeUndefined();
  });

  it('a child given settingsEnv(config) reads back the same configuration', () => {
    const env = {
      ROSTER_FILE: 'rosters/eu.yaml',
      CDKTF_OUTDIR: '/tmp/out',
      ROSTER_STATE_DIR: '/tmp/state',
      STATE_BUCKET: 'acme-state',
      STATE_KEY_PREFIX: 'eu',
      STATE_REGION: 'eu-west-1',
      IAM_ROSTER_OFFLINE: '1',
      IAM_ROSTER_ACCESS_ANALYZER: 'off',
      IAM_ROSTER_MEMBER_DEPLOY_ROLE: '/deploy/iam-roster',
      IAM_ROSTER_MEMBER_BOOTSTRAP_ROLE: '/admin/bootstrap',
      IAM_ROSTER_MEMBER_AUDIT_ROLE: '/ci/iam-roster-audit',
      IAM_ROSTER_GITHUB_REPOSITORY: 'acme/iam',
      IAM_ROSTER_DEPLOY_ENVIRONMENT: 'prod-eu',
      IAM_ROSTER_GITHUB_OIDC_PROVIDER: 'existing',
      IAM_ROSTER_EMULATOR_DELAY_MS: '30',
      TF_PROVIDER_MIRROR: '/mirror',
      AWS_ENDPOINT_URL: 'http://127.0.0.1:5000',
    };
    const config = configFrom(env);
    expect(configFrom({ ...config.aws, ...settingsEnv(config) })).toEqual(config);
    expect(configFrom({ ...config.aws, ...settingsEnv(configFrom({})) })).toEqual({ ...configFrom({}), aws: config.aws });
  });

  it("a child gets the host's PATH and certificates, never its settings or unrelated variables", () => {
    const host = hostEnv({}, { PATH: '/bin', HOME: '/home/a', SSL_CERT_FILE: '/ca.pem', TF_LOG: 'DEBUG', STATE_BUCKET: 'leak', GITHUB_TOKEN: 'secret', PYTHON: 'python3.9' });
    expect(host).toEqual({ PATH: '/bin', HOME: '/home/a', SSL_CERT_FILE: '/ca.pem', TF_LOG: 'DEBUG' });
    expect(hostEnv({ terraformOverrides: false }, { PATH: '/bin', TF_LOG: 'DEBUG', TF_CLI_ARGS_apply: '-parallelism=1' })).toEqual({ PATH: '/bin' });
  });
});
