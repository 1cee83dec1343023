import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_PROVIDER_MIRROR, terraformEnv } from '../../tools/terraform/cli-config';
import { PROJECT_ROOT } from '../../tools/project-root';
import { terraform } from '../../tools/terraform/run';

describe('terraform CLI configuration', () => {
  it('points Terraform at the mirror named by TF_PROVIDER_MIRROR and never at the registry for hashicorp providers', () => {
    const mirror = mkdtempSync(join(tmpdir(), 'mirror-'));
    const env = terraformEnv({ PATH: process.env.PATH, TF_PROVIDER_MIRROR: mirror });
    const config = readFileSync(env.TF_CLI_CONFIG_FILE as string, 'utf8');
    expect(config).toContain(`path    = ${JSON.stringify(mirror)}`);
    expect(config).toMatch(/direct \{\s+exclude = \["registry.terraform.io\/hashicorp\/\*"\]/);
    expect(env.CHECKPOINT_DISABLE).toBe('1');
  });

  it('never rewrites the file a running Terraform may be reading: another mirror gets its own file, the same mirror the same one', () => {
    // Found by CI: a test pointing the shared file at an empty temporary mirror, while another
    // test worker's terraform init read it, sent that init to the registry.
    const shared = terraformEnv({ TF_PROVIDER_MIRROR: DEFAULT_PROVIDER_MIRROR }).TF_CLI_CONFIG_FILE as string;
    const before = statSync(shared).mtimeMs;
    const other = terraformEnv({ TF_PROVIDER_MIRROR: mkdtempSync(join(tmpdir(), 'mirror-')) }).TF_CLI_CONFIG_FILE as string;
    expect(other).not.toBe(shared);
    expect(terraformEnv({ TF_PROVIDER_MIRROR: DEFAULT_PROVIDER_MIRROR }).TF_CLI_CONFIG_FILE).toBe(shared);
    expect(readFileSync(shared, 'utf8')).toContain(`path    = ${JSON.stringify(DEFAULT_PROVIDER_MIRROR)}`);
    expect(statSync(shared).mtimeMs).toBe(before);
  });

  it('refuses a TF_PROVIDER_MIRROR that does not exist, naming the path', () => {
    expect(() => terraformEnv({ TF_PROVIDER_MIRROR: '/nonexistent/mirror' })).toThrow('TF_PROVIDER_MIRROR: no provider mirror at /nonexistent/mirror');
  });

  it('installs the AWS provider from the mirror with no network', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tf-init-'));
    writeFileSync(
      join(dir, 'main.tf.json'),
      JSON.stringify({ terraform: { required_providers: { aws: { source: 'hashicorp/aws', version: '5.100.0' } } } }),
    );
    const result = terraform(['init', '-input=false', '-no-color'], { cwd: dir, env: { TF_PROVIDER_MIRROR: DEFAULT_PROVIDER_MIRROR } });
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('Installing hashicorp/aws v5.100.0');
    expect(result.code).toBe(0);
  });

  it('npm run terraform:env prints exports that let terraform (and cdktf) run by hand use the mirror', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tf-env-'));
    writeFileSync(join(dir, 'main.tf.json'), JSON.stringify({ terraform: { required_providers: { aws: { source: 'hashicorp/aws', version: '5.100.0' } } } }));
    const tsx = join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx');
    const script = `eval "$(${tsx} ${join(PROJECT_ROOT, 'tools/cli/terraform-env.ts')})" && cd ${dir} && terraform init -input=false -no-color`;
    // The machine's own TF_CLI_CONFIG_FILE (if any) must be replaced by the exported one.
    const env = { PATH: process.env.PATH, HOME: process.env.HOME, TF_CLI_CONFIG_FILE: '/nonexistent/terraformrc' };
    const result = spawnSync('bash', ['-c', script], { encoding: 'utf8', env });
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('Installing hashicorp/aws v5.100.0');
    expect(result.status).toBe(0);
  });

  it('npm run terraform:env fails with the reason when TF_PROVIDER_MIRROR does not exist', () => {
    const result = spawnSync(join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx'), [join(PROJECT_ROOT, 'tools/cli/terraform-env.ts')], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH, TF_PROVIDER_MIRROR: '/nonexistent/mirror' },
    });
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('terraform:env: TF_PROVIDER_MIRROR: no provider mirror at /nonexistent/mirror');
    expect(result.status).toBe(1);
  });
});
