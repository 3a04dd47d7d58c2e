import { randomUUID } from 'node:crypto';
import type { Insertable, Kysely } from 'kysely';
import type { CareTag } from '../../shared/careTags';
import { idCheckChar } from '../../shared/idNumber';
import type { Role, Tier } from '../../shared/roles';
import { appendAudit } from '../audit/audit.repository';
import { type Clock, localDate } from '../clock';
import type { DB } from '../db/schema';
import { residentSearchKeys } from '../register/searchKeys';
import { mobilePhone, personName } from './names';
import { type Random, seededRandom } from './random';

export const DEMO_PASSWORD = 'linli-demo';

export interface CommunityShape {
  buildings: number;
  entrancesPerBuilding: number;
  /** Floors of the lower and the taller buildings (the second half of the estate is taller). */
  floors: readonly [number, number];
  flatsPerFloor: number;
  /** Share of flats that have a household. */
  occupancy: number;
}

/** About 600 households and 1,400 residents, as the foundation issue asks. */
export const DEMO_SHAPE: CommunityShape = {
  buildings: 8,
  entrancesPerBuilding: 3,
  floors: [6, 7],
  flatsPerFloor: 4,
  occupancy: 0.96,
};

export interface SeedCommunityOptions {
  subdistrictId: string;
  name: string;
  shape: CommunityShape;
  seed: number;
  /** Prepended to every username, so tests can seed several communities side by side. */
  usernamePrefix: string;
  passwordHash: string;
  /** Display name of the committee's account (the demo's is 王书记). */
  committeeDisplayName: string;
}

export interface SeededUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
}

export interface SeededCommunity {
  communityId: string;
  users: SeededUser[];
  households: number;
  residents: number;
}

interface Position {
  id: string;
  tier: Tier;
  parentId: string | null;
  personName: string;
  phone: string;
  userId: string | null;
}

const BATCH = 200;

/** Rows in multi-row inserts small enough for either database's limit on parameters. */
export async function insertInBatches<T extends keyof DB & string>(
  db: Kysely<DB>,
  table: T,
  rows: readonly Insertable<DB[T]>[],
) {
  for (let i = 0; i < rows.length; i += BATCH) {
    await db
      .insertInto(table)
      .values(rows.slice(i, i + BATCH) as never)
      .execute();
  }
}

/** Ages of an older inner-city estate: many retirees, fewer children. */
function birthDate(random: Random, today: string, age: number): string {
  const year = Number(today.slice(0, 4)) - age;
  return `${year}-${String(random.int(1, 12)).padStart(2, '0')}-${String(random.int(1, 28)).padStart(2, '0')}`;
}

/**
 * An ID number no resident has yet: the register holds each once, and a further community seeded into the
 * same database (or many, in the benches) draws from the same small space of sequence numbers per birthday.
 */
function idNumberFor(random: Random, birth: string, gender: 'male' | 'female', issued: Set<string>): string {
  for (;;) {
    const area = random.pick(['110101', '110102', '110105', '110108', '130102', '370102']);
    const order = random.int(0, 49) * 2 + (gender === 'male' ? 1 : 0);
    const first17 = `${area}${birth.replaceAll('-', '')}${String(random.int(0, 9))}${String(order).padStart(2, '0')}`;
    const idNumber = first17 + idCheckChar(first17);
    if (issued.has(idNumber)) continue;
    issued.add(idNumber);
    return idNumber;
  }
}

function careTagsFor(random: Random, age: number, livesAlone: boolean): CareTag[] {
  const tags: CareTag[] = [];
  if (livesAlone) tags.push('lives_alone');
  if (livesAlone && age >= 60) tags.push('elderly_alone');
  if (age >= 70 && random.chance(age >= 85 ? 0.45 : 0.15)) tags.push('hard_of_hearing');
  if (age >= 70 && random.chance(age >= 85 ? 0.3 : 0.08)) tags.push('low_vision');
  if (age >= 75 && random.chance(age >= 85 ? 0.2 : 0.05)) tags.push('wheelchair');
  if (age >= 75 && random.chance(0.08)) tags.push('cannot_read');
  if (age >= 85 && random.chance(0.08)) tags.push('bedridden');
  if (age >= 80 && random.chance(0.05)) tags.push('dementia');
  return tags;
}

/**
 * A fictional community: buildings, entrances and flats, households and residents, and the liaison chain
 * from the committee to every household (one building leader per entrance), with one account per
 * community role linked to a position on one branch's line.
 */
export async function seedCommunity(
  db: Kysely<DB>,
  clock: Clock,
  options: SeedCommunityOptions,
): Promise<SeededCommunity> {
  const random = seededRandom(options.seed);
  const now = clock();
  const nowIso = now.toISOString();
  const today = localDate(now);
  const since = `${Number(today.slice(0, 4)) - 2}-01-01`;
  const communityId = randomUUID();
  const { shape } = options;
  const issuedIds = new Set(
    (await db.selectFrom('resident').select('id_number').where('id_number', 'is not', null).execute()).map(
      (r) => r.id_number as string,
    ),
  );

  const users: SeededUser[] = [];
  const userRows: DB['user_account'][] = [];
  const addUser = (role: Role, username: string, displayName: string): string => {
    const id = randomUUID();
    users.push({ id, username: options.usernamePrefix + username, displayName, role });
    userRows.push({
      id,
      username: options.usernamePrefix + username,
      display_name: displayName,
      role,
      password_hash: options.passwordHash,
      community_id: communityId,
      subdistrict_id: null,
      disabled: 0,
      locked_until: null,
      created_at: nowIso,
    });
    return id;
  };

  const buildingRows: DB['building'][] = [];
  const entranceRows: DB['entrance'][] = [];
  const householdRows: Insertable<DB['household']>[] = [];
  const residentRows: DB['resident'][] = [];
  const tagRows: DB['resident_care_tag'][] = [];
  const householdsByEntrance: string[][] = [];

  for (let b = 1; b <= shape.buildings; b++) {
    const buildingId = randomUUID();
    const floors = b <= shape.buildings / 2 ? shape.floors[0] : shape.floors[1];
    buildingRows.push({
      id: buildingId,
      community_id: communityId,
      number: String(b),
      name: `${b}号楼`,
      floors,
      created_at: nowIso,
    });
    for (let e = 1; e <= shape.entrancesPerBuilding; e++) {
      const entranceId = randomUUID();
      entranceRows.push({ id: entranceId, building_id: buildingId, number: String(e), created_at: nowIso });
      const households: string[] = [];
      for (let floor = 1; floor <= floors; floor++) {
        for (let flat = 1; flat <= shape.flatsPerFloor; flat++) {
          if (!random.chance(shape.occupancy)) continue;
          const householdId = randomUUID();
          households.push(householdId);
          householdRows.push({
            id: householdId,
            community_id: communityId,
            building_id: buildingId,
            entrance_id: entranceId,
            floor,
            room: `${floor}${String(flat).padStart(2, '0')}`,
            created_at: nowIso,
            moved_out_at: null,
          });
          addResidents(random, today, nowIso, communityId, householdId, residentRows, tagRows, issuedIds);
        }
      }
      householdsByEntrance.push(households);
    }
  }

  // The chain: one building leader per entrance, two per party member, three party members per group
  // leader, two group leaders per branch, the branches under the committee.
  const positions: Position[] = [];
  const position = (tier: Tier, parentId: string | null): Position => {
    const gender = random.chance(0.6) ? 'female' : 'male';
    const p = {
      id: randomUUID(),
      tier,
      parentId,
      personName: personName(random, gender),
      phone: mobilePhone(random),
      userId: null,
    };
    positions.push(p);
    return p;
  };
  const committee = position('committee', null);
  const entrances = householdsByEntrance.map((households) => ({
    households,
    leader: position('building_leader', null),
  }));
  const leaders = entrances.map((e) => e.leader);
  const partyMembers = chunk(leaders, 2).map((group) => adopt(position('party_member', null), group));
  const groupLeaders = chunk(partyMembers, 3).map((group) => adopt(position('group_leader', null), group));
  const branches = chunk(groupLeaders, 2).map((group) => adopt(position('branch', committee.id), group));

  committee.userId = addUser('committee', 'committee', options.committeeDisplayName);
  addUser('worker', 'worker', `${personName(random, 'female').slice(0, 1)}社工`);
  const firstBranch = branches[0];
  const firstGroup = groupLeaders[0];
  const firstParty = partyMembers[0];
  const firstLeader = leaders[0];
  if (!firstBranch || !firstGroup || !firstParty || !firstLeader)
    throw new Error('community too small for a chain');
  firstBranch.userId = addUser('branch', 'branch', firstBranch.personName);
  firstGroup.userId = addUser('group_leader', 'groupleader', firstGroup.personName);
  firstParty.userId = addUser('party_member', 'partymember', firstParty.personName);
  firstLeader.userId = addUser('building_leader', 'buildingleader', firstLeader.personName);
  addUser('volunteer', 'volunteer', personName(random, 'female'));

  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('community')
      .values({
        id: communityId,
        subdistrict_id: options.subdistrictId,
        name: options.name,
        created_at: nowIso,
      })
      .execute();
    await insertInBatches(trx, 'user_account', userRows);
    await insertInBatches(trx, 'building', buildingRows);
    await insertInBatches(trx, 'entrance', entranceRows);
    await insertInBatches(trx, 'household', householdRows);
    await insertInBatches(trx, 'resident', residentRows);
    await insertInBatches(trx, 'resident_care_tag', tagRows);
    await insertInBatches(
      trx,
      'liaison_position',
      positions.map((p) => ({
        id: p.id,
        community_id: communityId,
        tier: p.tier,
        person_name: p.personName,
        phone: p.phone,
        user_id: p.userId,
        parent_id: p.parentId,
        valid_from: since,
        valid_to: null,
      })),
    );
    await insertInBatches(
      trx,
      'liaison_parent_history',
      positions.map((p) => ({
        id: randomUUID(),
        position_id: p.id,
        parent_id: p.parentId,
        valid_from: since,
        valid_to: null,
      })),
    );
    await insertInBatches(
      trx,
      'household_assignment',
      entrances.flatMap(({ households, leader }) =>
        households.map((householdId) => ({
          id: randomUUID(),
          household_id: householdId,
          position_id: leader.id,
          valid_from: since,
          valid_to: null,
        })),
      ),
    );
    await appendAudit(trx, now, [
      {
        action: 'seed.community',
        outcome: 'success',
        targetType: 'community',
        targetId: communityId,
        communityId,
        detail: { households: householdRows.length, residents: residentRows.length },
      },
    ]);
  });

  return { communityId, users, households: householdRows.length, residents: residentRows.length };
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function adopt(parent: Position, children: readonly Position[]): Position {
  for (const child of children) child.parentId = parent.id;
  return parent;
}

function addResidents(
  random: Random,
  today: string,
  nowIso: string,
  communityId: string,
  householdId: string,
  residents: DB['resident'][],
  tags: DB['resident_care_tag'][],
  issuedIds: Set<string>,
): void {
  const size = random.weighted([
    [1, 25],
    [2, 36],
    [3, 24],
    [4, 10],
    [5, 5],
  ] as const);
  const headAge =
    size === 1
      ? random.weighted([
          [random.int(25, 59), 2],
          [random.int(60, 79), 4],
          [random.int(80, 96), 3],
        ] as const)
      : random.int(30, 88);
  const headGender = random.chance(size === 1 ? 0.65 : 0.45) ? 'female' : 'male';
  const surname = personName(random, headGender).slice(0, 1);
  const members: { relation: string; gender: 'male' | 'female'; age: number }[] = [
    { relation: '户主', gender: headGender, age: headAge },
  ];
  if (size >= 2) {
    members.push({
      relation: '配偶',
      gender: headGender === 'male' ? 'female' : 'male',
      age: Math.max(22, headAge + random.int(-4, 4)),
    });
  }
  for (let i = 2; i < size; i++) {
    const childAge = Math.max(0, headAge - random.int(24, 34));
    const gender = random.chance(0.5) ? 'male' : 'female';
    members.push({ relation: gender === 'male' ? '子' : '女', gender, age: childAge });
  }
  for (const member of members) {
    const id = randomUUID();
    const birth = birthDate(random, today, member.age);
    const name = personName(random, member.gender, member.relation === '配偶' ? undefined : surname);
    const phone = member.age >= 14 && random.chance(0.85) ? mobilePhone(random) : null;
    residents.push({
      id,
      community_id: communityId,
      household_id: householdId,
      name,
      gender: member.gender,
      birth_date: birth,
      id_number: random.chance(0.8) ? idNumberFor(random, birth, member.gender, issuedIds) : null,
      phone,
      ...residentSearchKeys(name, phone),
      relation: member.relation,
      preferred_language: random.chance(0.04) ? 'yue' : 'zh-CN',
      created_at: nowIso,
      updated_at: nowIso,
      moved_out_at: null,
    });
    for (const tag of careTagsFor(random, member.age, size === 1)) tags.push({ resident_id: id, tag });
  }
}
