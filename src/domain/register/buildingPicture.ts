import type { CareTag } from '../../shared/careTags';
import type { CheckinState, VisitStatus } from '../../shared/contracts/care';
import type { Lens, TBuildingPicture, TFlatCell } from '../../shared/contracts/register';

export interface PictureFlat {
  householdId: string;
  entranceId: string;
  floor: number;
  room: string;
  inScope: boolean;
  memberCount: number;
  careTags: CareTag[];
  hasBuildingLeader: boolean;
  openReports: number;
  /** The care lenses: the household's plans at their worst; absent or null without a plan. */
  visitStatus?: VisitStatus | null;
  checkinState?: CheckinState | null;
}

/** The care need a visitor must know first colours the flat. */
const CARE_PRIORITY: readonly CareTag[] = [
  'bedridden',
  'dementia',
  'wheelchair',
  'elderly_alone',
  'lives_alone',
  'hard_of_hearing',
  'low_vision',
  'cannot_read',
];

function lensKey(flat: PictureFlat, lens: Lens): string {
  switch (lens) {
    case 'care':
      return CARE_PRIORITY.find((tag) => flat.careTags.includes(tag)) ?? 'none';
    case 'no_leader':
      return flat.hasBuildingLeader ? 'covered' : 'no_leader';
    case 'reports':
      return flat.openReports > 0 ? 'open_reports' : 'no_reports';
    case 'visits':
      return flat.visitStatus ? `visit_${flat.visitStatus}` : 'no_care_plan';
    case 'checkins':
      return flat.checkinState ? `checkin_${flat.checkinState}` : 'no_checkin';
  }
}

/** `401` → position `01` on floor 4; rooms that do not follow the pattern keep their own name. */
function flatPosition(room: string, floor: number): string | null {
  const prefix = String(floor);
  return room.startsWith(prefix) && /^\d+$/.test(room) && room.length > prefix.length
    ? room.slice(prefix.length)
    : null;
}

const numeric = (a: string, b: string) => a.localeCompare(b, 'zh-CN', { numeric: true });

/**
 * Floors × flats for each entrance, top floor first. Flats without a household are inferred from the
 * positions used on any floor of the entrance (`01`…`04`) and shown vacant; flats outside the caller's
 * scope are `hidden` and carry nothing about who lives there.
 */
export function buildPicture(
  building: TBuildingPicture['building'],
  flats: readonly PictureFlat[],
  lens: Lens,
): TBuildingPicture {
  const entrances = building.entrances.map((entrance) => {
    const own = flats.filter((f) => f.entranceId === entrance.id);
    const positions = [
      ...new Set(own.map((f) => flatPosition(f.room, f.floor)).filter((p): p is string => p !== null)),
    ].sort(numeric);
    const topFloor = Math.max(building.floors, ...own.map((f) => f.floor));
    const floors = [];
    for (let floor = topFloor; floor >= 1; floor--) {
      const onFloor = own.filter((f) => f.floor === floor);
      const rooms = [
        ...new Set([...positions.map((p) => `${floor}${p}`), ...onFloor.map((f) => f.room)]),
      ].sort(numeric);
      floors.push({
        floor,
        flats: rooms.map((room): TFlatCell => {
          const flat = onFloor.find((f) => f.room === room);
          if (!flat) {
            return {
              room,
              state: 'vacant',
              householdId: null,
              memberCount: 0,
              careTags: [],
              hasBuildingLeader: false,
              openReports: 0,
              lensKey: 'vacant',
            };
          }
          if (!flat.inScope) {
            return {
              room,
              state: 'hidden',
              householdId: null,
              memberCount: 0,
              careTags: [],
              hasBuildingLeader: false,
              openReports: 0,
              lensKey: 'hidden',
            };
          }
          return {
            room,
            state: 'household',
            householdId: flat.householdId,
            memberCount: flat.memberCount,
            careTags: flat.careTags,
            hasBuildingLeader: flat.hasBuildingLeader,
            openReports: flat.openReports,
            lensKey: lensKey(flat, lens),
          };
        }),
      });
    }
    return { id: entrance.id, number: entrance.number, floors };
  });
  return { building, lens, entrances };
}
