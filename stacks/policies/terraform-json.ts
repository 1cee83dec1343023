import type { PolicyDocument } from './documents';

/**
 * A policy document as a JSON string for a Terraform attribute. IAM policy
 * variables such as ${aws:username} are escaped ($${...}) so Terraform passes
 * them through instead of interpolating; cdktf tokens (${TfToken[...]}) are left alone.
 */
export function policyJson(doc: PolicyDocument): string {
  return JSON.stringify(doc).replace(/\$\{(?!TfToken\[)/g, () => '$${');
}
