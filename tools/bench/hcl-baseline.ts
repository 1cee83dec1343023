/**
 * The baseline a team would write without this project: the same IAM
 * resources in plain Terraform HCL, for_each over the roster passed as
 * terraform.tfvars.json. Policy documents are the same ones the stacks deploy.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ADMIN_ROLE_NAME, PEOPLE_PATH, ROLE_PATH, type Roster, groupsOf } from '../../roster';
import { privilegedRoleTrustPolicy, selfServiceMfaPolicy } from '../../stacks/policies/documents';
import { passwordRules } from '../../stacks/policies/password-rules';

const MAIN_TF = `
terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = "5.100.0" }
  }
}

variable "offline" { type = bool }
variable "account_id" { type = string }
variable "people" {
  type = map(object({ name = string, username = string, team = string, console = bool, groups = list(string) }))
}
variable "roles" {
  type = map(object({ description = string, managed_policy_arns = list(string), max_session_hours = number }))
}
variable "trust_policy" { type = string }
variable "self_service_policy" { type = string }
variable "password_policy" { type = any }

provider "aws" {
  region                      = "us-east-1"
  allowed_account_ids         = var.offline ? null : [var.account_id]
  skip_credentials_validation = var.offline
  skip_requesting_account_id  = var.offline
  skip_metadata_api_check     = var.offline
  access_key                  = var.offline ? "offline" : null
  secret_key                  = var.offline ? "offline" : null
}

locals {
  role_policies = merge([for role, r in var.roles : { for arn in r.managed_policy_arns : "\${role}/\${arn}" => { role = role, arn = arn } }]...)
}

resource "aws_iam_user" "person" {
  for_each      = var.people
  name          = each.value.username
  path          = "${PEOPLE_PATH}"
  force_destroy = true
  tags          = { EmployeeId = each.key, Team = each.value.team, Name = each.value.name, ManagedBy = "iam-roster" }
}

resource "aws_iam_user_login_profile" "person" {
  for_each                = { for id, p in var.people : id => p if p.console }
  user                    = aws_iam_user.person[each.key].name
  password_reset_required = true
  lifecycle { ignore_changes = [password_length, password_reset_required, pgp_key] }
}

resource "aws_iam_user_group_membership" "person" {
  for_each   = { for id, p in var.people : id => p if length(p.groups) > 0 }
  user       = aws_iam_user.person[each.key].name
  groups     = each.value.groups
  depends_on = [aws_iam_group.base, aws_iam_group.admins, aws_iam_group.role]
}

resource "aws_iam_group" "base" {
  name = "readonly-base"
  path = "${PEOPLE_PATH}"
}

resource "aws_iam_group_policy_attachment" "base_readonly" {
  group      = aws_iam_group.base.name
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}

resource "aws_iam_group_policy" "base_self_service" {
  name   = "self-service-mfa"
  group  = aws_iam_group.base.name
  policy = var.self_service_policy
}

resource "aws_iam_group" "admins" {
  name = "admins"
  path = "${PEOPLE_PATH}"
}

resource "aws_iam_role" "admin" {
  name                 = "${ADMIN_ROLE_NAME}"
  path                 = "${ROLE_PATH}"
  max_session_duration = 3600
  assume_role_policy   = var.trust_policy
}

resource "aws_iam_role_policy_attachment" "admin" {
  role       = aws_iam_role.admin.name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}

resource "aws_iam_group_policy" "admins_assume" {
  name   = "assume-admin"
  group  = aws_iam_group.admins.name
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Resource = aws_iam_role.admin.arn }] })
}

resource "aws_iam_role" "role" {
  for_each             = var.roles
  name                 = each.key
  path                 = "${ROLE_PATH}"
  description          = each.value.description
  max_session_duration = each.value.max_session_hours * 3600
  assume_role_policy   = var.trust_policy
}

resource "aws_iam_role_policy_attachment" "role" {
  for_each   = local.role_policies
  role       = aws_iam_role.role[each.value.role].name
  policy_arn = each.value.arn
}

resource "aws_iam_group" "role" {
  for_each = var.roles
  name     = "assume-\${each.key}"
  path     = "${PEOPLE_PATH}"
}

resource "aws_iam_group_policy" "role_assume" {
  for_each = var.roles
  name     = "assume-\${each.key}"
  group    = aws_iam_group.role[each.key].name
  policy   = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Resource = aws_iam_role.role[each.key].arn }] })
}

resource "aws_iam_account_password_policy" "this" {
  minimum_password_length        = var.password_policy.minimum_password_length
  password_reuse_prevention      = var.password_policy.password_reuse_prevention
  max_password_age               = var.password_policy.max_password_age
  require_lowercase_characters   = var.password_policy.require_lowercase_characters
  require_uppercase_characters   = var.password_policy.require_uppercase_characters
  require_numbers                = var.password_policy.require_numbers
  require_symbols                = var.password_policy.require_symbols
  allow_users_to_change_password = true
  hard_expiry                    = false
}
`;

/** The stack's password policy rules, as the snake_case arguments HCL takes. */
function passwordPolicyFor(standard: 'cis' | 'nist'): Record<string, unknown> {
  const rules = passwordRules(standard);
  return Object.fromEntries(Object.entries(rules).map(([k, v]) => [k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), v]));
}

/** Write main.tf and terraform.tfvars.json for the roster into dir. */
export function writeHclBaseline(dir: string, roster: Roster, offline: boolean): void {
  const { settings } = roster;
  const people = Object.fromEntries(
    roster.people.map((p) => [p.employeeId, { name: p.name, username: p.username, team: p.team, console: p.console && p.status === 'active', groups: groupsOf(p, roster) }]),
  );
  const roles = Object.fromEntries(
    Object.entries(roster.roles).map(([name, r]) => [name, { description: r.description, managed_policy_arns: r.managedPolicyArns, max_session_hours: r.maxSessionHours }]),
  );
  const vars = {
    offline,
    account_id: settings.accountId,
    people,
    roles,
    trust_policy: JSON.stringify(privilegedRoleTrustPolicy({ accountId: settings.accountId }, settings.mfaMaxAgeSeconds)),
    self_service_policy: JSON.stringify(selfServiceMfaPolicy()),
    password_policy: passwordPolicyFor(settings.passwordPolicy),
  };
  writeFileSync(join(dir, 'main.tf'), MAIN_TF);
  writeFileSync(join(dir, 'terraform.tfvars.json'), JSON.stringify(vars));
}
