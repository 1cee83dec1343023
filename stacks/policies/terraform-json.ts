import type { PolicyDocument } from './documents';

/**
 * A policy document as a JSON string for a Terraform attribute. Its IAM policy
 * variables such as ${aws:username} need no escaping here: every stack is a
 * LiteralStack (stacks/terraform-literals.ts), which escapes template syntax in
 * all literal text, policies included, in one place.
 */
export function policyJson(doc: PolicyDocument): string {
  return JSON.stringify(doc);
}
