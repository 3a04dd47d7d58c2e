import { describe, expect, it } from 'vitest';
import { buildPicture, type PictureFlat } from './buildingPicture';

const building = {
  id: '00000000-0000-4000-8000-000000000001',
  communityId: '00000000-0000-4000-8000-000000000002',
  number: '3',
  name: '3号楼',
  floors: 3,
  entrances: [{ id: '00000000-0000-4000-8000-00000000000e', number: '2' }],
  households: 3,
};
const flat = (room: string, floor: number, extra: Partial<PictureFlat> = {}): PictureFlat => ({
  householdId: `00000000-0000-4000-8000-0000000${room.padStart(5, '0')}`,
  entranceId: building.entrances[0]?.id ?? '',
  floor,
  room,
  inScope: true,
  memberCount: 2,
  careTags: [],
  hasBuildingLeader: true,
  openReports: 0,
  ...extra,
});

describe('the building picture', () => {
  const flats = [
    flat('101', 1, { careTags: ['hard_of_hearing', 'wheelchair'] }),
    flat('102', 1, { inScope: false, careTags: ['bedridden'] }),
    flat('302', 3, { hasBuildingLeader: false }),
  ];

  it('lays out floors top first, infers vacant flats, and hides flats outside the scope', () => {
    const picture = buildPicture(building, flats, 'care');
    const floors = picture.entrances[0]?.floors ?? [];
    expect(floors.map((f) => f.floor)).toEqual([3, 2, 1]);
    expect(floors.map((f) => f.flats.map((c) => `${c.room}:${c.state}`))).toEqual([
      ['301:vacant', '302:household'],
      ['201:vacant', '202:vacant'],
      ['101:household', '102:hidden'],
    ]);
    const hidden = floors[2]?.flats[1];
    expect(hidden).toMatchObject({ householdId: null, careTags: [], memberCount: 0 });
  });

  it('colours by the most pressing care need, or by building-leader coverage', () => {
    expect(buildPicture(building, flats, 'care').entrances[0]?.floors[2]?.flats[0]?.lensKey).toBe(
      'wheelchair',
    );
    const coverage = buildPicture(building, flats, 'no_leader').entrances[0]?.floors[0]?.flats[1]?.lensKey;
    expect(coverage).toBe('no_leader');
  });
});
