import { z } from 'zod';

/**
 * The roster's shape: the single source of truth for validation, for the
 * published JSON Schema (schema/users.schema.json) and for the TypeScript types.
 * Cross-field rules (duplicates, collisions, unknown references) live in validate.ts.
 */

export const NAMING_STANDARDS = ['initials-id', 'first_last', 'initial-last', 'company-id'] as const;
export type NamingStandard = (typeof NAMING_STANDARDS)[number];

/** Lower-case kebab names keep team, role and group names predictable in IAM and in Terraform addresses. */
const kebabName = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,39}$/, { error: 'must be lower-case letters, digits and "-", starting with a letter, at most 40 characters' });

/**
 * The name the identity account (settings.accountId) goes by in account lists
 * (roles.<name>.accounts, grants, settings.adminRoleAccounts); no member account may take it.
 */
export const IDENTITY_ACCOUNT = 'identity';

/**
 * Account names will name Terraform stacks, state files and construct IDs, so they are
 * stricter than team and role names: no "-" at either end or twice in a row.
 */
export const accountName = z
  .string()
  .regex(/^(?=.{1,30}$)[a-z][a-z0-9]*(-[a-z0-9]+)*$/, { error: 'must be lower-case letters and digits, single "-" between them, starting with a letter, at most 30 characters' });

/** A list of account names: at least one, each the identity account or a key of accounts. */
const accountList = z.array(accountName).min(1);

export const AccountSchema = z.strictObject({
  id: z.string().regex(/^\d{12}$/, { error: 'must be the 12-digit AWS account ID, quoted' }).describe('The member account\'s 12-digit AWS account ID; quote it'),
  email: z.email().optional().describe("The account's root e-mail address - none when omitted"),
  description: z.string().optional().describe('What the account is for'),
});

/** A role granted in named accounts only; a plain role name grants it in all of the role's accounts. */
export const GrantSchema = z.strictObject({
  role: kebabName.describe('The privileged role'),
  accounts: accountList.describe(`The accounts, among the role's, in which it is granted (${IDENTITY_ACCOUNT} for the identity account)`),
});

/** A team's or person's role: "network-admin" in all of the role's accounts, or { role, accounts } in those named. */
const roleGrants = (what: string) =>
  z
    .array(z.union([kebabName, GrantSchema]))
    .default([])
    .describe(`${what}: a role name grants it in all of the role's accounts; { role: <name>, accounts: [<account>, ...] } in those named only`);

export const SecurityContactSchema = z.strictObject({
  name: z.string().min(1).describe('Name of the security team or distribution list'),
  email: z.email().describe('Distribution-list address that receives security alerts (never one person)'),
  phone: z.string().regex(/^[+]?[\d\s()-]{5,25}$/, { error: 'must be a phone number such as "+1 555 0100"' }).describe('Phone number of the security team'),
  title: z.string().min(1).default('Security').describe('Title shown on the alternate contact'),
});

export const SettingsSchema = z.strictObject({
  accountId: z
    .string()
    .regex(/^\d{12}$/, { error: 'must be the 12-digit AWS account ID this roster governs, quoted' })
    .describe('The AWS account this roster governs; deploying to any other account fails'),
  naming: z.enum(NAMING_STANDARDS).describe('How usernames are derived from names and employee IDs'),
  companyInitials: z
    .string()
    .regex(/^[A-Z]{1,10}$/, { error: 'must be 1 to 10 upper-case letters' })
    .optional()
    .describe('Prefix for the company-id naming standard (SF -> SF1234)'),
  adminAccess: z
    .enum(['assume-role', 'direct'])
    .default('assume-role')
    .describe('assume-role (default): admins get administrator rights only through the MFA-gated admin role; direct: AdministratorAccess on the admin group'),
  passwordPolicy: z
    .enum(['cis', 'nist'])
    .default('cis')
    .describe('cis (default): 14+ characters, 24 remembered, complexity, 90-day rotation; nist: SP 800-63B, 15+ characters, no rotation or composition rules'),
  mfaMaxAgeSeconds: z
    .number()
    .int()
    .min(300)
    .max(43200)
    .default(3600)
    .describe('Longest time since MFA sign-in after which privileged roles can no longer be assumed (default 3600)'),
  securityContact: SecurityContactSchema.optional().describe('The SECURITY alternate contact and alert recipient'),
  accountAlias: z
    .string()
    .regex(/^[a-z0-9]([a-z0-9-]{1,61})[a-z0-9]$/, { error: 'must be 3 to 63 lower-case letters, digits and "-"' })
    .optional()
    .describe('Account alias for the sign-in URL - none when omitted'),
  adminRoleAccounts: accountList
    .optional()
    .describe(`Accounts the built-in admin role exists in; must include ${IDENTITY_ACCOUNT} - every governed account when omitted`),
  supportRoleAccounts: accountList
    .optional()
    .describe(`Accounts the built-in aws-support role exists in; must include ${IDENTITY_ACCOUNT} - every governed account when omitted`),
});

export const TeamSchema = z.strictObject({
  description: z.string().optional().describe('What the team does'),
  roles: roleGrants('Privileged roles every member of the team may assume'),
});

export const RoleSchema = z.strictObject({
  description: z.string().min(1).describe('What the role is for; shown in IAM'),
  managedPolicyArns: z
    .array(z.string().regex(/^arn:aws[a-z-]*:iam::(aws|\d{12}):policy\/[\w+=,.@/-]+$/, { error: 'must be an IAM policy ARN such as arn:aws:iam::aws:policy/ReadOnlyAccess' }))
    .min(1)
    .describe('Managed policies attached to the role'),
  maxSessionHours: z.number().int().min(1).max(12).default(1).describe('Longest session for the role, in hours (default 1)'),
  adminEquivalent: z
    .boolean()
    .optional()
    .describe(
      'true declares the role equivalent to an administrator. Required when a managed policy lets the role grant itself any permission (AdministratorAccess, IAMFullAccess, ...); set it too for a customer managed policy that can. The plan summary lists such roles and every grant of them first',
    ),
  accounts: accountList.optional().describe(`Accounts the role exists in (${IDENTITY_ACCOUNT} for the identity account) - only ${IDENTITY_ACCOUNT} when omitted`),
});

export const PersonSchema = z.strictObject({
  name: z.string().trim().min(1).describe('Full name, as on the employee record'),
  employeeId: z
    .string()
    .regex(/^[A-Za-z0-9-]{1,32}$/, { error: 'must be letters, digits and "-", at most 32 characters' })
    .describe('Employee ID; quote it. Keys every resource of the person, so it never changes'),
  team: kebabName.describe('The team the person belongs to'),
  admin: z.boolean().default(false).describe('true puts the person in the admin group'),
  roles: roleGrants("Privileged roles the person may assume beyond their team's"),
  username: z.string().optional().describe('Explicit IAM username - derived from the naming standard when omitted'),
  sharedNameReviewed: z
    .string()
    .trim()
    .min(1, { error: 'must say why this username belongs to one person, for example "Scott Bot is a person; Bot is his surname"' })
    .optional()
    .describe('Why a username that reads as a shared, role or service account (Scott_Bot, admin1) is one real person\'s own - the shared-name check then accepts it; none when omitted'),
  lookalikeReviewed: z
    .string()
    .trim()
    .min(1)
    .optional()
    .describe('Why this name may look like an earlier person\'s (Arnie Lee and Amie Lee) - the look-alike name check then accepts it; none when omitted'),
  console: z.boolean().default(true).describe('Console password (default true); false means no console sign-in'),
  status: z.enum(['active', 'suspended']).default('active').describe('suspended keeps the user but removes console access and all group memberships'),
  pgpKey: z
    .string()
    .min(1)
    .optional()
    .describe('Base64 PGP public key or keybase:username - the initial password is then stored only encrypted'),
});

/**
 * A mapping of names (teams, roles). zod leaves a "__proto__" key out of a record
 * without a word, so a team or role by that name would silently vanish; it is
 * reported as the invalid name it is.
 */
function namedEntries<T extends z.ZodType, K extends z.ZodString = typeof kebabName>(entry: T, key: K = kebabName as K): z.ZodRecord<K, T> {
  const checked = z.preprocess((input, ctx) => {
    if (input !== null && typeof input === 'object' && Object.hasOwn(input, '__proto__')) {
      ctx.addIssue({ code: 'invalid_key', origin: 'record', path: ['__proto__'], input: '__proto__', issues: key.safeParse('__proto__').error?.issues ?? [] });
    }
    return input;
  }, z.record(key, entry));
  // The check adds no shape: the roster's types stay those of the record.
  return checked as unknown as z.ZodRecord<K, T>;
}

export const RosterSchema = z.strictObject({
  settings: SettingsSchema,
  accounts: namedEntries(AccountSchema, accountName)
    .default({})
    .describe(`Member accounts governed beside the identity account (settings.accountId, named ${IDENTITY_ACCOUNT}), by name - none when omitted`),
  teams: namedEntries(TeamSchema).describe('Teams and the roles their members may assume'),
  roles: namedEntries(RoleSchema).default({}).describe('Privileged roles, assumed only with MFA'),
  people: z.array(PersonSchema).describe('One entry per person; each gets exactly one IAM user'),
});

export type RosterInput = z.input<typeof RosterSchema>;
export type RosterDocument = z.output<typeof RosterSchema>;
export type PersonEntry = z.output<typeof PersonSchema>;
export type RoleEntry = z.output<typeof RoleSchema>;
export type TeamEntry = z.output<typeof TeamSchema>;
export type Settings = z.output<typeof SettingsSchema>;
export type AccountEntry = z.output<typeof AccountSchema>;
/** A role as a team or person grants it: a plain name (all of the role's accounts) or a mapping naming accounts. */
export type RoleGrantEntry = z.output<typeof GrantSchema> | string;
