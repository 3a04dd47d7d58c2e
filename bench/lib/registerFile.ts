import ExcelJS from 'exceljs';
import { mobilePhone, personName } from '../../src/server/seed/names';
import { seededRandom } from '../../src/server/seed/random';
import { idCheckChar } from '../../src/shared/idNumber';

export const REGISTER_HEADERS = [
  '楼号',
  '单元',
  '门牌号',
  '姓名',
  '性别',
  '与户主关系',
  '出生日期',
  '身份证号',
  '联系电话',
];

/**
 * A register as a community worker keeps it: one row per resident, households on consecutive rows,
 * room numbers as number cells, birth dates as text, every ID valid (GB 11643) and distinct, one
 * resident in eight without a phone. Written with exceljs' streaming writer, so memory stays flat.
 */
export async function writeRegisterXlsx(
  filePath: string,
  rows: number,
  options: { seed: number; today: string },
): Promise<{ rows: number; households: number }> {
  const random = seededRandom(options.seed);
  const thisYear = Number(options.today.slice(0, 4));
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: filePath,
    useSharedStrings: false,
    useStyles: false,
  });
  const sheet = workbook.addWorksheet('居民登记');
  sheet.addRow(REGISTER_HEADERS).commit();
  const ids = new Set<string>();
  // Areas that the district benchmark never uses, so the file's people are new wherever it goes.
  const areas = ['320102', '320104', '320105', '320106', '320111', '320113'];
  let written = 0;
  let households = 0;
  // 4 entrances × 12 floors × 4 flats a building; households fill flats in order.
  let flatIndex = 0;
  while (written < rows) {
    const building = Math.floor(flatIndex / 192) + 1;
    const entrance = Math.floor((flatIndex % 192) / 48) + 1;
    const floor = Math.floor((flatIndex % 48) / 4) + 1;
    const room = floor * 100 + (flatIndex % 4) + 1;
    flatIndex++;
    households++;
    const size = Math.min(
      rows - written,
      random.weighted([
        [1, 23],
        [2, 35],
        [3, 25],
        [4, 11],
        [5, 6],
      ] as const),
    );
    const headAge = random.int(30, 90);
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
        m < 2 ? Math.max(22, headAge + random.int(-4, 4)) : Math.max(0, headAge - random.int(24, 34));
      const birth = `${thisYear - age}-${String(random.int(1, 12)).padStart(2, '0')}-${String(random.int(1, 28)).padStart(2, '0')}`;
      let id = '';
      while (id === '' || ids.has(id)) {
        const order = random.int(0, 499) * 2 + (gender === 'male' ? 1 : 0);
        const first17 = `${random.pick(areas)}${birth.replaceAll('-', '')}${String(order).padStart(3, '0')}`;
        id = first17 + idCheckChar(first17);
      }
      ids.add(id);
      sheet
        .addRow([
          building,
          entrance,
          room,
          personName(random, gender, m === 1 ? undefined : surname),
          gender === 'male' ? '男' : '女',
          relation,
          birth,
          id,
          random.chance(0.875) ? mobilePhone(random) : null,
        ])
        .commit();
      written++;
    }
  }
  sheet.commit();
  await workbook.commit();
  return { rows: written, households };
}
