import type { CareTag } from '../../shared/careTags';
import type { THousehold, THouseholdSummary, TResident } from '../../shared/contracts/registry';
import type { AuditEntry } from '../audit/audit.repository';
import { canSee, type Scope } from '../auth/scope';
import type { HouseholdRecord, LiaisonContactRecord, ResidentRecord } from './registry.repository';

export function addressLabel(h: Pick<HouseholdRecord, 'buildingNumber' | 'entranceNumber' | 'room'>): string {
  return `${h.buildingNumber}-${h.entranceNumber}-${h.room}`;
}

export function ageOn(birthDate: string | null, today: string): number | null {
  if (!birthDate) return null;
  const years = Number(today.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return today.slice(5) < birthDate.slice(5) ? years - 1 : years;
}

/**
 * A resident as the caller's role may see them. Sensitive fields that are shown are returned as
 * audit entries too, so the caller cannot show them without recording the read.
 */
export function presentResident(
  r: ResidentRecord,
  scope: Scope,
  today: string,
): { resident: TResident; reads: AuditEntry[] } {
  const showIdentity = canSee(scope, 'identity');
  const resident: TResident = {
    id: r.id,
    householdId: r.householdId,
    name: r.name,
    gender: r.gender,
    birthDate: r.birthDate,
    age: ageOn(r.birthDate, today),
    relation: r.relation,
    phone: r.phone,
    preferredLanguage: r.preferredLanguage,
    careTags: r.careTags,
    ...(showIdentity ? { idNumber: r.idNumber } : {}),
  };
  const reads: AuditEntry[] =
    showIdentity && r.idNumber
      ? [
          {
            action: 'read.sensitive',
            outcome: 'success',
            residentId: r.id,
            communityId: r.communityId,
            fieldClass: 'identity',
            purpose: 'household_page',
          },
        ]
      : [];
  return { resident, reads };
}

export function presentHouseholdSummary(
  h: HouseholdRecord,
  memberCount: number,
  careTags: CareTag[],
): THouseholdSummary {
  return {
    id: h.id,
    communityId: h.communityId,
    address: {
      buildingNumber: h.buildingNumber,
      entranceNumber: h.entranceNumber,
      floor: h.floor,
      room: h.room,
      label: addressLabel(h),
    },
    memberCount,
    careTags,
  };
}

export function presentHousehold(
  h: HouseholdRecord,
  members: TResident[],
  path: LiaisonContactRecord[],
): THousehold {
  const careTags = [...new Set(members.flatMap((m) => m.careTags))].sort();
  return { ...presentHouseholdSummary(h, members.length, careTags), members, liaisonPath: path };
}
