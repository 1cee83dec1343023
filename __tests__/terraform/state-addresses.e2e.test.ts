/**
 * The deploy reads a stack's state once (terraform state pull) for both the import check and the
 * fast plan; the import check needs the addresses `terraform state list` would print. Held equal
 * to the real command on a state with every kind of address: data sources, modules, count and
 * for_each keys (one needing escapes).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RawState, stateAddresses } from '../../tools/plan/fast-plan/terraform-state';
import { terraformOk } from '../../tools/terraform/run';

const provider = 'provider["registry.terraform.io/hashicorp/aws"]';
const instance = (index_key?: string | number) => ({ ...(index_key === undefined ? {} : { index_key }), schema_version: 0, attributes: { id: 'x' } });

const state: RawState = {
  version: 4,
  terraform_version: '1.11.4',
  serial: 1,
  lineage: 'state-addresses-test',
  resources: [
    { mode: 'managed', type: 'aws_iam_user', name: 'user-1001', provider, instances: [instance()] },
    { mode: 'data', type: 'aws_caller_identity', name: 'me', provider, instances: [instance()] },
    { module: 'module.people', mode: 'managed', type: 'aws_iam_group', name: 'g', provider, instances: [instance(0), instance(1)] },
    { mode: 'managed', type: 'aws_iam_role', name: 'r', provider, instances: [instance('we"ird\\key')] },
  ],
};

test('stateAddresses lists exactly what terraform state list prints', () => {
  const dir = mkdtempSync(join(tmpdir(), 'state-addresses-'));
  writeFileSync(join(dir, 'terraform.tfstate'), JSON.stringify(state));
  const listed = terraformOk(['state', 'list', '-no-color'], { cwd: dir }).stdout.split('\n').filter(Boolean);
  expect(listed).toHaveLength(5);
  expect([...stateAddresses(state)].sort()).toEqual(listed.sort());
});

test('no state: no addresses', () => {
  expect(stateAddresses(undefined)).toEqual(new Set());
});
