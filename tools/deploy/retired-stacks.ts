/**
 * Member accounts taken off the roster. Their account-<name> stack is no longer synthesized, but
 * its state still holds the roles and baseline deployed there: each is found by listing the
 * member stacks' states (local files or S3 keys), its account read from the ARNs in the state,
 * and it is planned with `terraform plan -destroy` through a stack with the same provider and
 * state and no resources (stacks/retired-account-stack.ts), so the removal is reviewed and
 * applied like any other change. Anything unclear stops the run instead.
 */
import { GetObjectCommand, ListObjectsV2Command, NoSuchKey } from '@aws-sdk/client-s3';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../../config/config';
import { governedAccounts } from '../../roster/accounts';
import type { Roster } from '../../roster/model';
import { accountName } from '../../roster/schema';
import { accountOfStack, memberStackName } from '../../stacks/addresses';
import { DEFAULT_STATE_KEY_PREFIX, DEFAULT_STATE_REGION, stateKey } from '../../stacks/backend';
import type { RetiredAccount } from '../../stacks/retired-account';
import { s3Client } from '../aws/clients';
import { ifFound } from '../aws/no-such-entity';
import { PROJECT_ROOT } from '../project-root';
import { DeployError } from './deploy-error';

/** A member stack's state: where it is, and its text (undefined when it is gone). */
export interface MemberState {
  readonly stack: string;
  /** A path or s3://bucket/key, for messages. */
  readonly where: string;
  readonly read: () => Promise<string | undefined>;
}

/** A stack to retire: the account it was for, and how many resources its state holds. */
export interface RetiredStack {
  readonly stack: string;
  readonly account: RetiredAccount;
  readonly resources: number;
  readonly where: string;
}

const STATE_FILE = /^terraform\.(account-.+)\.tfstate$/;

/** Every member stack (account-<name>, with a valid account name) that has a state, wherever the configuration keeps state. */
export async function memberStates(config: Pick<Config, 'state'>, env: NodeJS.ProcessEnv): Promise<MemberState[]> {
  const isMember = (stack: string) => accountName.safeParse(accountOfStack(stack) ?? '').success;
  const { s3 } = config.state;
  if (!s3) {
    const dir = config.state.stateDir ?? PROJECT_ROOT;
    if (!existsSync(dir)) return [];
    return readdirSync(dir)
      .map((f) => STATE_FILE.exec(f)?.[1])
      .filter((stack): stack is string => stack !== undefined && isMember(stack))
      .sort()
      .map((stack) => {
        const file = join(dir, `terraform.${stack}.tfstate`);
        return { stack, where: file, read: async () => (existsSync(file) ? readFileSync(file, 'utf8') : undefined) };
      });
  }
  const client = s3Client(env, s3.region ?? DEFAULT_STATE_REGION, s3.usePathStyle === true);
  // stateKey('x') is <prefix>/x.tfstate: list every key under <prefix>/account-.
  const keyPrefix = stateKey('', s3.keyPrefix ?? DEFAULT_STATE_KEY_PREFIX).replace(/\.tfstate$/, '');
  const prefix = `${keyPrefix}${memberStackName('')}`;
  const stacks: string[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: prefix, ContinuationToken: token }));
    for (const o of page.Contents ?? []) {
      const stack = o.Key?.startsWith(keyPrefix) && o.Key.endsWith('.tfstate') ? o.Key.slice(keyPrefix.length, -'.tfstate'.length) : undefined;
      if (stack !== undefined && !stack.includes('/') && isMember(stack)) stacks.push(stack);
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return stacks.sort().map((stack) => {
    const key = stateKey(stack, s3.keyPrefix ?? DEFAULT_STATE_KEY_PREFIX);
    return {
      stack,
      where: `s3://${s3.bucket}/${key}`,
      read: async () => {
        const got = await ifFound(() => client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: key })), NoSuchKey);
        return got?.Body ? got.Body.transformToString('utf8') : undefined;
      },
    };
  });
}

interface StateJson {
  readonly resources?: readonly { readonly mode?: string; readonly instances?: readonly { readonly attributes?: Record<string, unknown> }[] }[];
}

/** The managed resource instances in a state, and the distinct account IDs of their ARNs. */
export function stateAccounts(text: string): { resources: number; accountIds: string[] } {
  const state = JSON.parse(text) as StateJson;
  const instances = (state.resources ?? []).filter((r) => (r.mode ?? 'managed') === 'managed').flatMap((r) => r.instances ?? []);
  const ids = new Set<string>();
  for (const i of instances) {
    const arn = i.attributes?.arn;
    const id = typeof arn === 'string' ? /^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:(\d{12}):/.exec(arn)?.[1] : undefined;
    if (id) ids.add(id);
  }
  return { resources: instances.length, accountIds: [...ids].sort() };
}

/** How to retire an account by hand, when the deploy will not. */
const BY_HAND = 'nothing was planned or deployed. Put the account back under accounts: to keep it, or remove its resources by hand and then its state';

/**
 * The stacks to retire: member stacks with state, not synthesized from the roster, whose state
 * holds resources. Throws when such a state's resources are not all in one account, or are in the
 * identity account, or in an account the roster still governs under another name (a rename: move
 * the state instead of destroying and re-creating the roles).
 */
export async function retiredStacks(states: readonly MemberState[], synthesized: readonly string[], roster: Roster | (() => Roster)): Promise<RetiredStack[]> {
  // Read only when a state is left over: a plan with nothing to retire does not load the roster again.
  let loaded: Roster | undefined;
  const governed = () => governedAccounts((loaded ??= typeof roster === 'function' ? roster() : roster));
  const retired: RetiredStack[] = [];
  const problems: string[] = [];
  for (const s of states) {
    if (synthesized.includes(s.stack)) continue;
    const text = await s.read();
    if (text === undefined) continue;
    let found: ReturnType<typeof stateAccounts>;
    try {
      found = stateAccounts(text);
    } catch (err) {
      problems.push(`${s.stack}: the state at ${s.where} is not a Terraform state (${(err as Error).message}); ${BY_HAND}.`);
      continue;
    }
    if (found.resources === 0) continue;
    const name = accountOfStack(s.stack) as string;
    const [id, ...more] = found.accountIds;
    const known = governed().find((a) => a.id === id);
    if (id === undefined || more.length > 0) {
      problems.push(`${s.stack}: account ${name} is no longer on the roster, but its state at ${s.where} holds resources of ${id === undefined ? 'no known account' : `accounts ${found.accountIds.join(', ')}`}, so it cannot be retired safely; ${BY_HAND}.`);
    } else if (known?.identity) {
      problems.push(`${s.stack}: account ${name} is no longer on the roster, but its state at ${s.where} holds resources of the identity account ${id}; ${BY_HAND}.`);
    } else if (known) {
      problems.push(
        `${s.stack}: account ${name} (${id}) is on the roster as ${known.name} now; nothing was planned or deployed. To keep its roles, move the state before planning: rename ${s.where} to the state of ${memberStackName(known.name)} (terraform.${memberStackName(known.name)}.tfstate, or its S3 key), see docs/accounts.md.`,
      );
    } else {
      retired.push({ stack: s.stack, account: { name, id }, resources: found.resources, where: s.where });
    }
  }
  if (problems.length > 0) throw new DeployError(problems.join('\n'));
  return retired;
}
