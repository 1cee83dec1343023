/**
 * terraform init runs once per configuration (tools/terraform/init.ts): a plan of a folder already
 * initialized for the same terraform block, lock file, CLI configuration and Terraform skips it,
 * and anything init depends on changing runs it again. Real terraform, the provider mirror.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_PROVIDER_MIRROR } from '../../tools/terraform/cli-config';
import { initOnce } from '../../tools/terraform/init';
import { terraform } from '../../tools/terraform/run';

const env = { TF_PROVIDER_MIRROR: DEFAULT_PROVIDER_MIRROR };

function folder(): { dir: string; write: (terraformBlock: object) => void; runs: string[][]; run: (args: string[]) => Promise<ReturnType<typeof terraform>> } {
  const dir = mkdtempSync(join(tmpdir(), 'init-once-'));
  const runs: string[][] = [];
  return {
    dir,
    runs,
    write: (terraformBlock) => writeFileSync(join(dir, 'cdk.tf.json'), JSON.stringify({ terraform: terraformBlock })),
    run: async (args) => {
      runs.push(args);
      return terraform(args, { cwd: dir, env });
    },
  };
}

const aws = (version: string) => ({ required_providers: { aws: { source: 'hashicorp/aws', version } }, backend: { local: { path: 'terraform.tfstate' } } });
const inits = (runs: string[][]) => runs.filter((a) => a[0] === 'init').length;

test('init runs the first time, is skipped for the same configuration, and runs again when it changes', async () => {
  const f = folder();
  f.write(aws('5.100.0'));
  const first = await initOnce(f.dir, env, f.run);
  expect(first?.code).toBe(0);
  expect(first?.stdout).toContain('Installing hashicorp/aws v5.100.0');
  expect(inits(f.runs)).toBe(1);

  expect(await initOnce(f.dir, env, f.run)).toBeUndefined();
  expect(inits(f.runs)).toBe(1);

  // Anything else in the terraform block (backend, providers, versions): init runs again.
  f.write({ ...aws('5.100.0'), required_version: '>= 1.5.0' });
  expect((await initOnce(f.dir, env, f.run))?.code).toBe(0);
  expect(inits(f.runs)).toBe(2);
  expect(await initOnce(f.dir, env, f.run)).toBeUndefined();

  // The lock file gone, or the installed providers gone: init again.
  rmSync(join(f.dir, '.terraform.lock.hcl'));
  expect((await initOnce(f.dir, env, f.run))?.code).toBe(0);
  rmSync(join(f.dir, '.terraform', 'providers'), { recursive: true });
  expect((await initOnce(f.dir, env, f.run))?.code).toBe(0);
  expect(inits(f.runs)).toBe(4);
  expect(await initOnce(f.dir, env, f.run)).toBeUndefined();
  expect(terraform(['validate', '-no-color'], { cwd: f.dir, env }).code).toBe(0);
});

test('a failed init leaves no marker, so the next run inits again', async () => {
  const f = folder();
  f.write(aws('0.0.1'));
  const failed = await initOnce(f.dir, env, f.run);
  expect(failed?.code).not.toBe(0);
  f.write(aws('5.100.0'));
  expect((await initOnce(f.dir, env, f.run))?.code).toBe(0);
  expect(inits(f.runs)).toBe(2);
});
