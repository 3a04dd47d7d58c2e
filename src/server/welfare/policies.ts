import type { Kysely } from 'kysely';
import { loadPolicies, type Policy, policyHash } from '../../domain/welfare/policy';
import type { DB, WelfareParameterChangeTable } from '../db/schema';
import { AppError } from '../http/errors';

/**
 * The policies Linli applies: read once from the policy files, each version's content kept in the
 * database the first time a decision uses it, so a decision can be explained again after the file
 * has changed. Parameter values come from the file plus the changes a community has approved.
 */
let loaded: Policy[] | undefined;

export function policies(): readonly Policy[] {
  loaded ??= loadPolicies();
  return loaded;
}

export function policyOrFail(policyId: string): Policy {
  const policy = policies().find((p) => p.id === policyId);
  if (!policy) throw new AppError('welfare.policy_not_found', {}, 'policyId');
  return policy;
}

/** Records this version's content (once) and returns its hash, the key decisions name. */
export async function keepPolicyVersion(trx: Kysely<DB>, policy: Policy, now: Date): Promise<string> {
  const hash = policyHash(policy);
  await trx
    .insertInto('welfare_policy_version')
    .values({
      hash,
      policy_id: policy.id,
      version: policy.version,
      content: JSON.stringify(policy),
      first_seen_at: now.toISOString(),
    })
    .onConflict((oc) => oc.column('hash').doNothing())
    .execute();
  return hash;
}

/** The policy exactly as a past decision saw it. */
export async function policyVersion(db: Kysely<DB>, hash: string): Promise<Policy> {
  const row = await db
    .selectFrom('welfare_policy_version')
    .select('content')
    .where('hash', '=', hash)
    .executeTakeFirstOrThrow();
  return JSON.parse(row.content) as Policy;
}

export interface ParameterExtra {
  parameter: string;
  from: string;
  value: number;
}

/** The approved parameter changes of a community for a policy, in the form the rules take them. */
export async function approvedExtras(
  db: Kysely<DB>,
  communityId: string,
  policyId: string,
): Promise<ParameterExtra[]> {
  const rows = await db
    .selectFrom('welfare_parameter_change')
    .select(['parameter', 'effective_from', 'value'])
    .where('community_id', '=', communityId)
    .where('policy_id', '=', policyId)
    .where('status', '=', 'approved')
    .orderBy('decided_at')
    .execute();
  return rows.map(toExtra);
}

export function toExtra(row: Pick<WelfareParameterChangeTable, 'parameter' | 'effective_from' | 'value'>) {
  return { parameter: row.parameter, from: row.effective_from, value: row.value };
}
