import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_PROVIDER_MIRROR, terraformEnv } from '../../tools/terraform/cli-config';
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
});
