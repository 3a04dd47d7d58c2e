import type { ServiceUnit } from './value';

/**
 * The services a new station starts with and their market values in fen (what the same service costs
 * in a Beijing neighbourhood shop); the station changes them with dated values of its own.
 */
export const DEFAULT_SERVICES: readonly {
  code: string;
  nameZh: string;
  nameEn: string;
  unit: ServiceUnit;
  valueFen: number;
}[] = [
  { code: 'haircut', nameZh: '理发', nameEn: 'Haircut', unit: 'visit', valueFen: 1500 },
  {
    code: 'blood_pressure',
    nameZh: '量血压',
    nameEn: 'Blood-pressure check',
    unit: 'person_visit',
    valueFen: 1000,
  },
  { code: 'dumplings', nameZh: '包饺子', nameEn: 'Dumpling making', unit: 'person_visit', valueFen: 3000 },
  { code: 'cleaning', nameZh: '打扫卫生', nameEn: 'Cleaning', unit: 'hour', valueFen: 4000 },
  { code: 'repairs', nameZh: '小修小补', nameEn: 'Small repairs', unit: 'visit', valueFen: 3000 },
  { code: 'shopping', nameZh: '代买代购', nameEn: 'Shopping', unit: 'visit', valueFen: 2000 },
];

/** Default values hold from long before any session, so every past session has a value. */
export const DEFAULT_VALUES_FROM = '2000-01-01';
