/**
 * npm run initial-password -- <employeeId>: the person's first console password
 * (they must change it at first sign-in), or the PGP-encrypted one to pass on.
 * Read from the deployed identity stack's Terraform outputs.
 */
import { Command } from 'commander';
import { outdirFromEnv } from '../deploy/run-options';
import { stackDir, terraform } from '../terraform/run';

const program = new Command('initial-password')
  .argument('<employeeId>')
  .description("print a person's initial console password from the last deploy")
  .action((employeeId: string) => {
    const dir = stackDir(outdirFromEnv(), 'identity');
    const out = terraform(['output', '-json', '-no-color'], { cwd: dir });
    if (out.code !== 0) {
      process.stderr.write(`no deployed state to read (deploy first)\n${out.stderr}`);
      process.exitCode = 1;
      return;
    }
    const outputs = JSON.parse(out.stdout) as Record<string, { value: Record<string, string> }>;
    // Own keys only: "constructor" is an employee ID the roster allows, not Object.prototype's.
    const own = (byId: Record<string, string> | undefined) => (byId && Object.hasOwn(byId, employeeId) ? byId[employeeId] : undefined);
    const plain = own(outputs.initial_passwords?.value);
    const encrypted = own(outputs.encrypted_initial_passwords?.value);
    if (plain) process.stdout.write(`${plain}\n`);
    else if (encrypted) process.stdout.write(`# encrypted to the person's PGP key; they run: base64 -d | gpg --decrypt\n${encrypted}\n`);
    else {
      process.stderr.write(`employee ${employeeId} has no console password (console: false, suspended, or not on the roster)\n`);
      process.exitCode = 1;
    }
  });

program.parse();
