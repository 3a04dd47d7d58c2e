import { randomUUID } from 'node:crypto';
import { residentSearchKeys } from '../../src/server/register/searchKeys';
import { mobilePhone, personName } from '../../src/server/seed/names';
import { type Random, seededRandom } from '../../src/server/seed/random';
import type { CareTag } from '../../src/shared/careTags';
import { idCheckChar } from '../../src/shared/idNumber';
import type { Tier } from '../../src/shared/roles';
import type { BulkSink } from './targets';

/**
 * A district-sized register, written straight into the tables (same shapes as `seedCommunity`, which
 * inserts through Kysely 200 rows at a time and would take many minutes for 600,000 residents).
 */
export interface DistrictShape {
  subdistricts: number;
  communitiesPerSubdistrict: number;
  buildings: number;
  entrancesPerBuilding: number;
  /** Floors of the lower (first half) and the taller buildings. */
  floors: readonly [number, number];
  flatsPerFloor: number;
  occupancy: number;
  /** Households per building leader. */
  householdsPerLeader: number;
}

/** About 5,000 households per community: 40 buildings × 4 entrances × 6 or 10 floors × 4 flats, 97.7 % lived in. */
export const COMMUNITY_5000 = {
  buildings: 40,
  entrancesPerBuilding: 4,
  floors: [6, 10],
  flatsPerFloor: 4,
  occupancy: 0.977,
  householdsPerLeader: 25,
} as const;

/** What a benchmark needs to know about the register it built. */
export interface SampleResident {
  name: string;
  pinyin: string;
  initials: string;
  phoneTail: string | null;
  building: string;
  entrance: string;
  room: string;
}

export interface District {
  subdistrictIds: string[];
  communityIds: string[];
  households: number;
  residents: number;
  positions: number;
  /** The first community (the same in every database built from the same seed). */
  first: { communityId: string; subdistrictId: string; buildingIds: string[]; residents: SampleResident[] };
}

const AREAS = ['110101', '110102', '110105', '110106', '110108', '110109', '110111', '110114'];

function careTagsFor(random: Random, age: number, livesAlone: boolean): CareTag[] {
  const tags: CareTag[] = [];
  if (livesAlone) tags.push('lives_alone');
  if (livesAlone && age >= 60) tags.push('elderly_alone');
  if (age >= 70 && random.chance(age >= 85 ? 0.45 : 0.15)) tags.push('hard_of_hearing');
  if (age >= 70 && random.chance(age >= 85 ? 0.3 : 0.08)) tags.push('low_vision');
  if (age >= 75 && random.chance(age >= 85 ? 0.2 : 0.05)) tags.push('wheelchair');
  if (age >= 85 && random.chance(0.08)) tags.push('bedridden');
  return tags;
}

const COLUMNS = {
  subdistrict: ['id', 'name', 'district', 'created_at'],
  community: ['id', 'subdistrict_id', 'name', 'created_at'],
  building: ['id', 'community_id', 'number', 'name', 'floors', 'created_at'],
  entrance: ['id', 'building_id', 'number', 'created_at'],
  household: [
    'id',
    'community_id',
    'building_id',
    'entrance_id',
    'floor',
    'room',
    'created_at',
    'moved_out_at',
  ],
  resident: [
    'id',
    'community_id',
    'household_id',
    'name',
    'gender',
    'birth_date',
    'id_number',
    'phone',
    'relation',
    'preferred_language',
    'created_at',
    'updated_at',
    'moved_out_at',
    'name_pinyin',
    'name_initials',
    'phone_tail',
  ],
  resident_care_tag: ['resident_id', 'tag'],
  liaison_position: [
    'id',
    'community_id',
    'tier',
    'person_name',
    'phone',
    'user_id',
    'parent_id',
    'valid_from',
    'valid_to',
  ],
  liaison_parent_history: ['id', 'position_id', 'parent_id', 'valid_from', 'valid_to'],
  household_assignment: ['id', 'household_id', 'position_id', 'valid_from', 'valid_to'],
} as const;

type Table = keyof typeof COLUMNS;

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Builds the district community by community, each community's rows written in dependency order.
 * Community `i` is generated from `seed + i`, so the first community is identical at every size.
 */
export async function buildDistrict(
  sink: BulkSink,
  shape: DistrictShape,
  options: { seed: number; today: string; progress?: (done: number, total: number) => void },
): Promise<District> {
  const nowIso = new Date().toISOString();
  const since = `${Number(options.today.slice(0, 4)) - 2}-01-01`;
  const thisYear = Number(options.today.slice(0, 4));
  const idNumbers = new Set<string>();
  const district: District = {
    subdistrictIds: [],
    communityIds: [],
    households: 0,
    residents: 0,
    positions: 0,
    first: { communityId: '', subdistrictId: '', buildingIds: [], residents: [] },
  };
  const total = shape.subdistricts * shape.communitiesPerSubdistrict;
  let communityIndex = 0;
  for (let s = 0; s < shape.subdistricts; s++) {
    const subdistrictId = randomUUID();
    district.subdistrictIds.push(subdistrictId);
    await sink.insert([
      {
        table: 'subdistrict',
        columns: COLUMNS.subdistrict,
        rows: [[subdistrictId, `街道${s + 1}`, '示例区', nowIso]],
      },
    ]);
    for (let c = 0; c < shape.communitiesPerSubdistrict; c++, communityIndex++) {
      const random = seededRandom(options.seed + communityIndex);
      const communityId = randomUUID();
      const isFirst = communityIndex === 0;
      district.communityIds.push(communityId);
      const rows: Record<Table, unknown[][]> = {
        subdistrict: [],
        community: [[communityId, subdistrictId, `社区${communityIndex + 1}`, nowIso]],
        building: [],
        entrance: [],
        household: [],
        resident: [],
        resident_care_tag: [],
        liaison_position: [],
        liaison_parent_history: [],
        household_assignment: [],
      };
      const households: string[] = [];
      for (let b = 1; b <= shape.buildings; b++) {
        const buildingId = randomUUID();
        if (isFirst) district.first.buildingIds.push(buildingId);
        const floors = b <= shape.buildings / 2 ? shape.floors[0] : shape.floors[1];
        rows.building.push([buildingId, communityId, String(b), `${b}号楼`, floors, nowIso]);
        for (let e = 1; e <= shape.entrancesPerBuilding; e++) {
          const entranceId = randomUUID();
          rows.entrance.push([entranceId, buildingId, String(e), nowIso]);
          for (let floor = 1; floor <= floors; floor++) {
            for (let flat = 1; flat <= shape.flatsPerFloor; flat++) {
              if (!random.chance(shape.occupancy)) continue;
              const householdId = randomUUID();
              const room = `${floor}${String(flat).padStart(2, '0')}`;
              households.push(householdId);
              rows.household.push([
                householdId,
                communityId,
                buildingId,
                entranceId,
                floor,
                room,
                nowIso,
                null,
              ]);
              // 2.42 residents per household on average.
              const size = random.weighted([
                [1, 23],
                [2, 35],
                [3, 25],
                [4, 11],
                [5, 6],
              ] as const);
              const headAge = size === 1 ? random.int(30, 95) : random.int(30, 88);
              const headGender = random.chance(0.5) ? 'female' : 'male';
              const surname = personName(random, headGender).slice(0, 1);
              for (let m = 0; m < size; m++) {
                const relation = m === 0 ? '户主' : m === 1 ? '配偶' : random.chance(0.5) ? '子' : '女';
                const gender: 'male' | 'female' =
                  m === 0
                    ? headGender
                    : m === 1
                      ? headGender === 'male'
                        ? 'female'
                        : 'male'
                      : relation === '子'
                        ? 'male'
                        : 'female';
                const age =
                  m < 2
                    ? Math.max(22, headAge + random.int(-4, 4))
                    : Math.max(0, headAge - random.int(24, 34));
                const birth = `${thisYear - age}-${String(random.int(1, 12)).padStart(2, '0')}-${String(random.int(1, 28)).padStart(2, '0')}`;
                const name = personName(random, gender, m === 1 ? undefined : surname);
                const phone = age >= 14 && random.chance(0.85) ? mobilePhone(random) : null;
                let idNumber: string | null = null;
                if (random.chance(0.8)) {
                  for (let attempt = 0; attempt < 5 && idNumber === null; attempt++) {
                    const order = random.int(0, 499) * 2 + (gender === 'male' ? 1 : 0);
                    const first17 = `${random.pick(AREAS)}${birth.replaceAll('-', '')}${String(order).padStart(3, '0')}`;
                    const candidate = first17 + idCheckChar(first17);
                    if (!idNumbers.has(candidate)) idNumber = candidate;
                  }
                  if (idNumber) idNumbers.add(idNumber);
                }
                const keys = residentSearchKeys(name, phone);
                const residentId = randomUUID();
                rows.resident.push([
                  residentId,
                  communityId,
                  householdId,
                  name,
                  gender,
                  birth,
                  idNumber,
                  phone,
                  relation,
                  random.chance(0.04) ? 'yue' : 'zh-CN',
                  nowIso,
                  nowIso,
                  null,
                  keys.name_pinyin,
                  keys.name_initials,
                  keys.phone_tail,
                ]);
                for (const tag of careTagsFor(random, age, size === 1))
                  rows.resident_care_tag.push([residentId, tag]);
                if (isFirst) {
                  district.first.residents.push({
                    name,
                    pinyin: keys.name_pinyin,
                    initials: keys.name_initials,
                    phoneTail: keys.phone_tail,
                    building: String(b),
                    entrance: String(e),
                    room,
                  });
                }
              }
            }
          }
        }
      }

      // The chain, top down so every parent is written before its children: one committee; branches of
      // two group leaders; group leaders of three party members; party members of two building leaders;
      // a building leader per `householdsPerLeader` households.
      const addPosition = (tier: Tier, parentId: string | null): string => {
        const id = randomUUID();
        rows.liaison_position.push([
          id,
          communityId,
          tier,
          personName(random, random.chance(0.6) ? 'female' : 'male'),
          mobilePhone(random),
          null,
          parentId,
          since,
          null,
        ]);
        rows.liaison_parent_history.push([randomUUID(), id, parentId, since, null]);
        return id;
      };
      const committee = addPosition('committee', null);
      const leaderGroups = chunk(households, shape.householdsPerLeader);
      for (const branchGroups of chunk(chunk(chunk(leaderGroups, 2), 3), 2)) {
        const branch = addPosition('branch', committee);
        for (const groupParties of branchGroups) {
          const group = addPosition('group_leader', branch);
          for (const partyLeaders of groupParties) {
            const party = addPosition('party_member', group);
            for (const leaderHouseholds of partyLeaders) {
              const leader = addPosition('building_leader', party);
              for (const householdId of leaderHouseholds)
                rows.household_assignment.push([randomUUID(), householdId, leader, since, null]);
            }
          }
        }
      }

      await sink.insert(
        (Object.keys(COLUMNS) as Table[]).map((table) => ({
          table,
          columns: COLUMNS[table],
          rows: rows[table],
        })),
      );
      district.households += rows.household.length;
      district.residents += rows.resident.length;
      district.positions += rows.liaison_position.length;
      if (isFirst) {
        district.first.communityId = communityId;
        district.first.subdistrictId = subdistrictId;
      }
      options.progress?.(communityIndex + 1, total);
    }
  }
  return district;
}
