/**
 * npm run demo: the main job on this machine. Starts (or reuses) the local AWS
 * emulator, deploys users.yaml (or --roster) to it with local state through the same code
 * path as npm run deploy, and prints what exists in the account now, and in each member
 * account of the roster who may assume which role there.
 */
import { Command } from 'commander';
import { resolve } from 'node:path';
import { childEnv } from '../../config/child-env';
import { configFromEnv } from '../../config/from-env';
import { accountOfStack } from '../../stacks/addresses';
import { type AccountReport, type PasswordDelivery, formatAccountReport, formatMemberAccountReport, readAccount, readMemberAccount } from '../audit/account-report';
import { assumeRoleEnv } from '../aws/assume-role';
import { iamClient } from '../aws/clients';
import { deployRoster } from '../deploy/deploy';
import { demoConfig, ensureEmulator } from '../emulator/session';
import { stackDir, terraform } from '../terraform/run';
import { allowedAccountId, assumedRoleArn, readStack } from '../terraform/synthesized';
import { shellWord } from './export-lines';
import { runCommand } from './run-command';

const program = new Command('demo')
  .description('deploy the roster to the local AWS emulator and show the result')
  .option('--roster <file>', 'roster to deploy (default: ROSTER_FILE or users.yaml)')
  .option('--verbose', "stream Terraform's output")
  .exitOverride();

runCommand({ name: 'demo' }, async () => {
  const cli = program.parse().opts<{ roster?: string; verbose?: boolean }>();
  const out = (text: string) => process.stdout.write(text);
  const config = configFromEnv();
  const { session, reused } = await ensureEmulator(config);
  out(`${reused ? 'reusing the local AWS emulator' : 'started the local AWS emulator'} at ${session.endpoint} (pid ${session.pid})\n`);
  const demo = demoConfig(config, session);
  const env = childEnv(demo);
  const rosterFile = resolve(cli.roster ?? config.rosterFile);
  const results = await deployRoster({ rosterFile, outdir: demo.outdir, env, log: out, echo: cli.verbose ?? false });
  const applied = results.some((r) => r.applied);
  for (const r of results) {
    const summary = /^(Plan: .*|No changes\..*)$/m.exec(r.output)?.[1] ?? '';
    out(`${r.stack}: ${r.applied ? `applied - ${summary}` : 'no changes'}\n`);
  }
  out(applied ? `\ndeployed ${rosterFile} to the emulator.\n\n` : '\nnothing changed: the emulator account already matches the roster.\n\n');
  const identity = await readAccount(iamClient(env));
  out(formatAccountReport(identity, passwordDelivery(demo.outdir, env)));
  for (const { stack } of results) {
    const account = accountOfStack(stack);
    if (account !== undefined) out(`\n${formatMemberAccountReport(await memberAccount(demo.outdir, stack, account, env, identity))}`);
  }
  // The follow-up plan must read the roster the demo deployed, or it would plan users.yaml against this account.
  const rosterArg = cli.roster === undefined ? '' : ` -- --roster ${shellWord(cli.roster)}`;
  out(
    [
      '',
      'Inspect it with the AWS CLI or SDK (the standard AWS variables point them at the emulator):',
      '  eval "$(npm run -s emulator -- env)"',
      '  aws iam list-users --path-prefix /people/',
      '  npm run initial-password -- <employeeId>   # a first console password, to hand over',
      `  npm run plan${rosterArg}   # exit 0: no changes, 2: changes pending`,
      `Edit ${rosterFile} and run npm run demo again to apply the change.`,
      'Stop the emulator (its account and the demo state go with it): npm run emulator -- stop',
      '',
    ].join('\n'),
  );
});

/** A member account as the demo shows it, read through the deploy role its stack's provider assumes. */
async function memberAccount(outdir: string, stack: string, name: string, env: Record<string, string>, identity: AccountReport) {
  const synthesized = readStack(outdir, stack);
  const roleArn = assumedRoleArn(synthesized);
  const id = allowedAccountId(synthesized);
  if (roleArn === undefined || id === undefined) throw new Error(`${stack}: the synthesized stack names no deploy role or account`);
  return readMemberAccount(iamClient(await assumeRoleEnv(env, roleArn)), { name, id }, identity);
}

/** Which people's initial passwords are PGP-encrypted, from the identity stack's outputs. */
function passwordDelivery(outdir: string, env: Record<string, string>): (employeeId: string) => PasswordDelivery {
  const out = terraform(['output', '-json', '-no-color', 'encrypted_initial_passwords'], { cwd: stackDir(outdir, 'identity'), env });
  const encrypted = out.code === 0 ? (JSON.parse(out.stdout) as Record<string, string>) : {};
  return (id) => (id in encrypted ? 'pgp-encrypted' : 'plain-output');
}
