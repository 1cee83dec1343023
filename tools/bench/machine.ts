/** What the figures were measured on: CPU, memory, tool versions. */
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { cpus, release, totalmem } from 'node:os';
import { join } from 'node:path';
import { venvBin } from '../emulator/venv';
import { terraformEnv } from '../terraform/cli-config';

export interface Machine {
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly os: string;
  readonly node: string;
  readonly terraform: string;
  readonly awsProvider: string;
  readonly moto: string;
}

function firstMatch(text: string, pattern: RegExp): string | undefined {
  return pattern.exec(text)?.[1]?.trim();
}

function read(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

export function describeMachine(): Machine {
  const env = terraformEnv();
  const tf = spawnSync('terraform', ['version'], { env, encoding: 'utf8' });
  const mirror = join(env.TF_PROVIDER_MIRROR ?? '', 'registry.terraform.io', 'hashicorp', 'aws');
  let awsProvider = 'from the registry';
  try {
    awsProvider = readdirSync(mirror).join(', ');
  } catch {
    // no mirror: terraform init takes the version main.tf pins
  }
  const moto = spawnSync(venvBin('python'), ['-c', 'import moto; print(moto.__version__)'], { encoding: 'utf8' });
  return {
    cpu: firstMatch(read('/proc/cpuinfo'), /^model name\s*:(.*)$/m) ?? cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    os: `${process.platform} ${release()} ${process.arch}`,
    node: process.version,
    terraform: firstMatch(tf.stdout ?? '', /Terraform (v[\d.]+)/) ?? 'unknown',
    awsProvider,
    moto: moto.status === 0 ? moto.stdout.trim() : 'unknown',
  };
}

export function machineLine(m: Machine): string {
  return `${m.cores} x ${m.cpu}, ${m.memoryGiB} GiB RAM, ${m.os}; Node ${m.node}, Terraform ${m.terraform}, AWS provider ${m.awsProvider}, moto ${m.moto}`;
}
