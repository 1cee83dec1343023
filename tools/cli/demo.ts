/**
 * npm run demo: the main job on this machine. Starts (or reuses) the local AWS
 * emulator, deploys users.yaml to it with local state through the same code
 * path as npm run deploy, and prints what exists in the account now.
 */
import { Command } from 'commander';
import { resolve } from 'node:path';
import { rosterFileFromEnv } from '../../roster';
import { type PasswordDelivery, formatAccountReport, readAccount } from '../deploy/account-report';
import { iamClient } from '../deploy/aws-clients';
import { DeployError, deployRoster } from '../deploy/deploy';
import { DEMO_OUTDIR, demoEnv, ensureEmulator } from '../deploy/emulator-session';
import { terraform, stackDir } from '../terraform/run';

const program = new Command('demo')
  .description('deploy the roster to the local AWS emulator and show the result')
  .option('--roster <file>', 'roster to deploy (default: ROSTER_FILE or users.yaml)')
  .option('--verbose', "stream Terraform's output")
  .action(async (cli: { roster?: string; verbose?: boolean }) => {
    const out = (text: string) => process.stdout.write(text);
    const { session, reused } = await ensureEmulator();
    out(`${reused ? 'reusing the local AWS emulator' : 'started the local AWS emulator'} at ${session.endpoint} (pid ${session.pid})\n`);
    const env = { ...process.env, ...demoEnv(session) };
    const rosterFile = resolve(cli.roster ?? rosterFileFromEnv());
    let applied: boolean;
    try {
      const results = await deployRoster({ rosterFile, outdir: DEMO_OUTDIR, env, log: out, echo: cli.verbose ?? false });
      applied = results.some((r) => r.applied);
      for (const r of results) {
        const summary = /^(Plan: .*|No changes\..*)$/m.exec(r.output)?.[1] ?? '';
        out(`${r.stack}: ${r.applied ? `applied - ${summary}` : 'no changes'}\n`);
      }
    } catch (err) {
      if (!(err instanceof DeployError)) throw err;
      process.stderr.write(`\n${err.message}\n`);
      process.exitCode = 1;
      return;
    }
    out(applied ? `\ndeployed ${rosterFile} to the emulator.\n\n` : '\nnothing changed: the emulator account already matches the roster.\n\n');
    out(formatAccountReport(await readAccount(iamClient(env)), passwordDelivery(env)));
    out(
      [
        '',
        'Inspect it with the AWS CLI or SDK (the standard AWS variables point them at the emulator):',
        '  eval "$(npm run -s emulator -- env)"',
        '  aws iam list-users --path-prefix /people/',
        '  npm run initial-password -- <employeeId>   # a first console password, to hand over',
        '  npm run plan          # exit 0: no changes, 2: changes pending',
        `Edit ${rosterFile} and run npm run demo again to apply the change.`,
        'Stop the emulator (its account and the demo state go with it): npm run emulator -- stop',
        '',
      ].join('\n'),
    );
  });

/** Which people's initial passwords are PGP-encrypted, from the identity stack's outputs. */
function passwordDelivery(env: NodeJS.ProcessEnv): (employeeId: string) => PasswordDelivery {
  const out = terraform(['output', '-json', '-no-color', 'encrypted_initial_passwords'], { cwd: stackDir(DEMO_OUTDIR, 'identity'), env: env as Record<string, string> });
  const encrypted = out.code === 0 ? (JSON.parse(out.stdout) as Record<string, string>) : {};
  return (id) => (id in encrypted ? 'pgp-encrypted' : 'plain-output');
}

program.parseAsync().catch((err: Error) => {
  process.stderr.write(`demo: ${err.message}\n`);
  process.exitCode = 1;
});
