import type { TerraformElement } from 'cdktf';

/**
 * Give a resource a flat, readable Terraform address (user-1001, group-admins).
 * Nested constructs otherwise get a hash suffix, and the address is the
 * resource's identity in state: changing it destroys and recreates the resource.
 */
export function flatId<T extends TerraformElement>(element: T, logicalId: string): T {
  element.overrideLogicalId(logicalId);
  return element;
}
