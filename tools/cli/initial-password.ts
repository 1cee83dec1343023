/**
 * npm run initial-password -- <employeeId>: the person's first console password
 * (they must change it at first sign-in), or the PGP-encrypted one to pass on.
 * Read from the deployed identity stack's Terraform outputs.
 */
import { Command } from 'commander';
import { childEnv } from '../../config/child-env';
import { configFromEnv } from '../../config/from-env';
import { stackDir, terraform } from '../terraform/run';
import { CommandError, runCommand } from './run-command';

const program = new Command('initial-password')
  .argument('<employeeId>')
  .description("print a person's initial console password from the last deploy")
  .exitOverride();

runCommand({ name: 'initial-password' }, () => {
  const [employeeId] = program.parse().args;
  const config = configFromEnv();
  const out = terraform(['output', '-json', '-no-color'], { cwd: stackDir(config.outdir, 'identity'), env: childEnv(config) });
  if (out.code !== 0) throw new CommandError(`no deployed state to read (deploy first)\n${out.stderr}`.trimEnd());
  const outputs = JSON.parse(out.stdout) as Record<string, { value: Record<string, string> }>;
  // Own keys only: "constructor" is an employee ID the roster allows, not Object.prototype's.
  const own = (byId: Record<string, string> | undefined) => (byId && Object.hasOwn(byId, employeeId) ? byId[employeeId] : undefined);
  const plain = own(outputs.initial_passwords?.value);
  const encrypted = own(outputs.encrypted_initial_passwords?.value);
  if (plain) process.stdout.write(`${plain}\n`);
  else if (encrypted) process.stdout.write(`# encrypted to the person's PGP key; they run: base64 -d | gpg --decrypt\n${encrypted}\n`);
  else throw new CommandError(`employee ${employeeId} has no console password (console: false, suspended, or not on the roster)`);
});
