import {
  GetLoginProfileCommand,
  type IAMClient,
  ListRoleTagsCommand,
  ListUserTagsCommand,
  type Tag,
  paginateListGroups,
  paginateListRoles,
  paginateListUsers,
} from '@aws-sdk/client-iam';
import { employeeIdOf, resourceAddress, splitAddress } from '../../stacks/addresses';
import { exists } from '../aws/no-such-entity';
import { MANAGED_BY_TAG_KEY, MANAGED_BY_TAG_VALUE, isManagedBy } from '../../stacks/managed-by';
import { EMPLOYEE_ID_TAG_KEY } from '../../stacks/person-tags';

/** A Terraform `import` block: bring an existing object under the address `to`. */
export interface ImportBlock {
  readonly to: string;
  readonly id: string;
  /** Why it is imported, for the deploy log. */
  readonly reason: string;
  /** What shows the object is this repository's ("tagged ManagedBy=iam-roster..."); undefined for a user adopted on request. */
  readonly ours?: string;
}

/** An object in the way of a resource of the stack, that is not ours to import. */
export interface Conflict {
  /** The address that would have been created. */
  readonly address: string;
  /** What the object is and why it is not imported. */
  readonly message: string;
}

export interface ImportPlan {
  readonly imports: readonly ImportBlock[];
  /** Objects that exist in the account, are not in state and are not ours to take: each stops the deploy. */
  readonly conflicts: readonly Conflict[];
}

/** The tag that says which person a user was made for (stacks/person-user.ts). */
type StackResources = Record<string, Record<string, Record<string, unknown>>>;

/** The synthesized stack (cdk.tf.json) as far as this module reads it. */
export interface StackJson {
  readonly resource?: StackResources;
}

/**
 * Which objects that exist in the account but not in state the next plan
 * should import instead of failing with EntityAlreadyExists:
 * - objects this repository made (a deploy was killed after creating them but
 *   before saving state): users and roles tagged ManagedBy=iam-roster (a user
 *   only when its EmployeeId tag matches), groups under the managed path;
 * - users named in `adopt` (employee IDs): made by hand before this repository,
 *   taken over on purpose by `npm run adopt`;
 * - the login profile of any user that is or becomes managed.
 * Anything else that collides is a conflict: nothing is taken silently.
 * Memberships, policies and attachments need no import: creating them is idempotent.
 */
export async function findImports(stack: StackJson, inState: ReadonlySet<string>, iam: IAMClient, adopt: ReadonlySet<string> = new Set()): Promise<ImportPlan> {
  const resources = stack.resource ?? {};
  const missing = (type: string) => Object.entries(resources[type] ?? {}).filter(([id]) => !inState.has(resourceAddress(type, id)));
  const imports: ImportBlock[] = [];
  const conflicts: Conflict[] = [];
  const managedUsers = new Set<string>(Object.keys(resources.aws_iam_user ?? {}).filter((id) => inState.has(resourceAddress('aws_iam_user', id))));

  const missingUsers = missing('aws_iam_user');
  if (missingUsers.length > 0) {
    const existing = await existingByName(paginateListUsers({ client: iam }, {}), (page) => (page.Users ?? []).map((u) => [u.UserName, u.Path]));
    for (const [id, config] of missingUsers) {
      const name = String(config.name);
      const found = existing.get(name.toLowerCase());
      if (!found) continue;
      const employeeId = employeeIdOf('aws_iam_user', id);
      const tags = await tagsOf(() => iam.send(new ListUserTagsCommand({ UserName: found.name })));
      const owner = tags.get(EMPLOYEE_ID_TAG_KEY);
      const ours = isManagedBy(tags) && owner === employeeId;
      const to = resourceAddress('aws_iam_user', id);
      if (ours) {
        imports.push({ to, id: found.name, reason: 'made by an earlier deploy that did not save state', ours: `tagged as ours (${MANAGED_BY_TAG_KEY}=${MANAGED_BY_TAG_VALUE}, ${EMPLOYEE_ID_TAG_KEY}=${employeeId})` });
        managedUsers.add(id);
      } else if (employeeId && adopt.has(employeeId)) {
        imports.push({ to, id: found.name, reason: `adopted for employee ${employeeId}` });
        managedUsers.add(id);
      } else {
        const why = isManagedBy(tags) ? `is tagged as this repository's, but for ${owner === undefined ? 'no employee' : `employee ${owner}`}, not ${employeeId}` : 'was not created by this repository';
        conflicts.push({
          address: to,
          message: `IAM user ${found.name} already exists and ${why}; if it belongs to employee ${employeeId}, adopt it with: npm run adopt -- ${employeeId}; otherwise give that person another username`,
        });
      }
    }
  }

  for (const [id, config] of missing('aws_iam_user_login_profile')) {
    const userId = referencedId(config.user, 'aws_iam_user');
    if (!userId || !managedUsers.has(userId)) continue;
    const userName = String(resources.aws_iam_user[userId].name);
    if (await exists(() => iam.send(new GetLoginProfileCommand({ UserName: userName })))) {
      imports.push({ to: resourceAddress('aws_iam_user_login_profile', id), id: userName, reason: 'console password already set for a managed user', ours: `on ${userName}, a user of this repository` });
    }
  }

  const missingGroups = missing('aws_iam_group');
  if (missingGroups.length > 0) {
    const existing = await existingByName(paginateListGroups({ client: iam }, {}), (page) => (page.Groups ?? []).map((g) => [g.GroupName, g.Path]));
    for (const [id, config] of missingGroups) {
      const found = existing.get(String(config.name).toLowerCase());
      if (!found) continue;
      const to = resourceAddress('aws_iam_group', id);
      if (found.path === config.path) imports.push({ to, id: found.name, reason: `group under ${found.path}, made by an earlier deploy`, ours: `under this repository's path ${found.path}` });
      else conflicts.push({ address: to, message: `IAM group ${found.name} already exists under path ${found.path}, not ${String(config.path)}: it was not created by this repository` });
    }
  }

  const missingRoles = missing('aws_iam_role');
  if (missingRoles.length > 0) {
    const existing = await existingByName(paginateListRoles({ client: iam }, {}), (page) => (page.Roles ?? []).map((r) => [r.RoleName, r.Path]));
    for (const [id, config] of missingRoles) {
      const found = existing.get(String(config.name).toLowerCase());
      if (!found) continue;
      const tags = await tagsOf(() => iam.send(new ListRoleTagsCommand({ RoleName: found.name })));
      const to = resourceAddress('aws_iam_role', id);
      if (isManagedBy(tags)) imports.push({ to, id: found.name, reason: 'role made by an earlier deploy', ours: `tagged as ours (${MANAGED_BY_TAG_KEY}=${MANAGED_BY_TAG_VALUE})` });
      else conflicts.push({ address: to, message: `IAM role ${found.name} already exists and was not created by this repository (no ${MANAGED_BY_TAG_KEY}=${MANAGED_BY_TAG_VALUE} tag)` });
    }
  }
  return { imports, conflicts };
}

/** Terraform JSON holding the import blocks, written next to cdk.tf.json. */
export function importsJson(imports: readonly ImportBlock[]): string {
  return `${JSON.stringify({ import: imports.map(({ to, id }) => ({ to, id })) }, null, 2)}\n`;
}

/** The logical ID in a `${type.id.name}` reference, when the value is one. */
function referencedId(value: unknown, type: string): string | undefined {
  const inner = typeof value === 'string' && value.startsWith('${') && value.endsWith('.name}') ? value.slice(2, -'.name}'.length) : undefined;
  const address = inner === undefined ? undefined : splitAddress(inner);
  return address?.type === type ? address.name : undefined;
}

interface Existing {
  readonly name: string;
  readonly path: string;
}

/** IAM names are case-insensitive: index by lower case. One paginated listing instead of a call per name. */
async function existingByName<Page>(pages: AsyncIterable<Page>, items: (page: Page) => [string | undefined, string | undefined][]): Promise<Map<string, Existing>> {
  const out = new Map<string, Existing>();
  for await (const page of pages) {
    for (const [name, path] of items(page)) if (name) out.set(name.toLowerCase(), { name, path: path ?? '/' });
  }
  return out;
}

async function tagsOf(list: () => Promise<{ Tags?: Tag[] }>): Promise<Map<string, string>> {
  const { Tags = [] } = await list();
  return new Map(Tags.map((t) => [t.Key ?? '', t.Value ?? '']));
}

