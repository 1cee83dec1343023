/**
 * The tags on a person's IAM user, as the identity stack writes them and the audit
 * reads them back. Plain data with no cdktf import, like managed-by.ts.
 */
import type { Person } from '../roster/model';
import { tagValue } from '../roster/naming';
import { MANAGED_BY_TAG } from './managed-by';

/** The tag by which the audit finds a person's user under an old name (a rename not deployed yet). */
export const EMPLOYEE_ID_TAG_KEY = 'EmployeeId';

export function personTags(person: Pick<Person, 'employeeId' | 'team' | 'name'>): Record<string, string> {
  return { [EMPLOYEE_ID_TAG_KEY]: person.employeeId, Team: person.team, Name: tagValue(person.name), ...MANAGED_BY_TAG };
}
