/**
 * The household facts a welfare policy may read, declared once. Policies name facts only from this
 * catalogue, so a typo in a policy file fails on load instead of silently reading nothing.
 */

export interface Bilingual {
  zh: string;
  en: string;
}

export type FactType = 'number' | 'integer' | 'boolean' | 'enum';

export interface FactDefinition {
  type: FactType;
  label: Bilingual;
  /** The word read after a number, e.g. 元 / yuan, 辆 / vehicle(s); empty for booleans and enums. */
  unit: Bilingual;
  /** Income, assets and health: shown and audited per ARCHITECTURE.md "Who sees what". */
  sensitive: boolean;
  /** For enums: the allowed values, in the order the batch encoding numbers them. */
  values?: readonly string[];
  valueLabels?: Readonly<Record<string, Bilingual>>;
  /** Derived facts are computed from others and never entered. */
  derivedFrom?: readonly BaseFactKey[];
}

const YUAN: Bilingual = { zh: '元', en: 'yuan' };
const NONE: Bilingual = { zh: '', en: '' };

export const HARDSHIPS = ['none', 'illness', 'accident', 'disaster'] as const;
export type Hardship = (typeof HARDSHIPS)[number];

export const BASE_FACTS = {
  members: {
    type: 'integer',
    label: { zh: '共同生活的家庭成员人数', en: 'members living together' },
    unit: { zh: '人', en: 'person(s)' },
    sensitive: false,
  },
  monthlyIncome: {
    type: 'number',
    label: { zh: '家庭月收入', en: 'household income per month' },
    unit: YUAN,
    sensitive: true,
  },
  deposits: {
    type: 'number',
    label: { zh: '家庭存款', en: 'household deposits' },
    unit: YUAN,
    sensitive: true,
  },
  securities: {
    type: 'number',
    label: { zh: '家庭有价证券', en: 'household securities' },
    unit: YUAN,
    sensitive: true,
  },
  vehicles: {
    type: 'integer',
    label: { zh: '名下机动车数量', en: 'motor vehicles owned' },
    unit: { zh: '辆', en: 'vehicle(s)' },
    sensitive: true,
  },
  mobilityVehicleForDisabled: {
    type: 'boolean',
    label: { zh: '车辆是残疾成员的代步车', en: 'the vehicle is a disabled member’s mobility vehicle' },
    unit: NONE,
    sensitive: true,
  },
  vehicleForSeriousIllness: {
    type: 'boolean',
    label: {
      zh: '车辆用于送重病成员就医',
      en: 'the vehicle takes a seriously ill member to hospital',
    },
    unit: NONE,
    sensitive: true,
  },
  homes: {
    type: 'integer',
    label: { zh: '名下住房套数', en: 'homes owned' },
    unit: { zh: '套', en: 'home(s)' },
    sensitive: true,
  },
  floorArea: {
    type: 'number',
    label: { zh: '住房建筑面积合计', en: 'total floor area of the homes' },
    unit: { zh: '平方米', en: 'm²' },
    sensitive: true,
  },
  localHukou: {
    type: 'boolean',
    label: { zh: '本市户籍', en: 'household registration (hukou) in this city' },
    unit: NONE,
    sensitive: false,
  },
  severeDisability: {
    type: 'boolean',
    label: { zh: '家中有重度残疾成员', en: 'a member with a severe disability' },
    unit: NONE,
    sensitive: true,
  },
  seriousIllness: {
    type: 'boolean',
    label: { zh: '家中有重病成员', en: 'a seriously ill member' },
    unit: NONE,
    sensitive: true,
  },
  memberOver80LivingAlone: {
    type: 'boolean',
    label: { zh: '80 岁以上独居老人', en: 'a person over 80 living alone' },
    unit: NONE,
    sensitive: true,
  },
  registeredMembers: {
    type: 'integer',
    label: { zh: '户籍登记在册人数', en: 'people registered in the household' },
    unit: { zh: '人', en: 'person(s)' },
    sensitive: false,
  },
  memberOver80: {
    type: 'boolean',
    label: { zh: '家中有 80 岁以上老人', en: 'a member aged 80 or over' },
    unit: NONE,
    sensitive: false,
  },
  memberUnder18: {
    type: 'boolean',
    label: { zh: '家中有未满 18 岁的孩子', en: 'a member under 18' },
    unit: NONE,
    sensitive: false,
  },
  livingAlone: {
    type: 'boolean',
    label: { zh: '独自居住', en: 'someone living alone' },
    unit: NONE,
    sensitive: false,
  },
  bedriddenMember: {
    type: 'boolean',
    label: { zh: '家中有卧床成员', en: 'a bedridden member' },
    unit: NONE,
    sensitive: false,
  },
  lowVisionMember: {
    type: 'boolean',
    label: { zh: '家中有视力不好的成员', en: 'a member with low vision' },
    unit: NONE,
    sensitive: false,
  },
  receivesDibao: {
    type: 'boolean',
    label: { zh: '正在享受低保', en: 'receives the minimum living allowance (dibao)' },
    unit: NONE,
    sensitive: true,
  },
  hardship: {
    type: 'enum',
    label: { zh: '突发困难', en: 'sudden hardship' },
    unit: NONE,
    sensitive: true,
    values: HARDSHIPS,
    valueLabels: {
      none: { zh: '无', en: 'none' },
      illness: { zh: '重病', en: 'illness' },
      accident: { zh: '意外事故', en: 'accident' },
      disaster: { zh: '灾害', en: 'disaster' },
    },
  },
} as const satisfies Record<string, FactDefinition>;

export type BaseFactKey = keyof typeof BASE_FACTS;

export const DERIVED_FACTS = {
  perCapitaMonthlyIncome: {
    type: 'number',
    label: { zh: '人均月收入', en: 'income per person per month' },
    unit: YUAN,
    sensitive: true,
    derivedFrom: ['monthlyIncome', 'members'],
  },
  perCapitaAssets: {
    type: 'number',
    label: { zh: '人均存款和有价证券', en: 'deposits and securities per person' },
    unit: YUAN,
    sensitive: true,
    derivedFrom: ['deposits', 'securities', 'members'],
  },
  perCapitaFloorArea: {
    type: 'number',
    label: { zh: '人均住房建筑面积', en: 'floor area per person' },
    unit: { zh: '平方米', en: 'm²' },
    sensitive: true,
    derivedFrom: ['floorArea', 'members'],
  },
  yearlyIncome: {
    type: 'number',
    label: { zh: '家庭年收入', en: 'household income per year' },
    unit: YUAN,
    sensitive: true,
    derivedFrom: ['monthlyIncome'],
  },
} as const satisfies Record<string, FactDefinition>;

export type DerivedFactKey = keyof typeof DERIVED_FACTS;
export type FactKey = BaseFactKey | DerivedFactKey;

export const FACTS: Readonly<Record<FactKey, FactDefinition>> = { ...BASE_FACTS, ...DERIVED_FACTS };
export const FACT_KEYS = Object.keys(FACTS) as FactKey[];
export const BASE_FACT_KEYS = Object.keys(BASE_FACTS) as BaseFactKey[];

export const isFactKey = (key: string): key is FactKey => Object.hasOwn(FACTS, key);
export const isDerived = (key: FactKey): key is DerivedFactKey => Object.hasOwn(DERIVED_FACTS, key);

/** A household's facts as known today; a fact not known is absent or null, never guessed. */
export type HouseholdFacts = Partial<Record<FactKey, number | boolean | string | null>>;

/** The base facts a fact rests on: itself, or what a derived fact is computed from. */
export function baseFactsOf(key: FactKey): readonly BaseFactKey[] {
  return isDerived(key) ? DERIVED_FACTS[key].derivedFrom : [key];
}

/**
 * A base fact's value if it is present and of its declared type; anything else counts as missing, so
 * a wrongly typed value asks for evidence rather than passing or failing a condition by accident.
 */
export function baseValue(facts: HouseholdFacts, key: BaseFactKey): number | boolean | string | null {
  const value = facts[key];
  const definition: FactDefinition = BASE_FACTS[key];
  switch (definition.type) {
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : null;
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : null;
    case 'boolean':
      return typeof value === 'boolean' ? value : null;
    case 'enum':
      return typeof value === 'string' && definition.values?.includes(value) ? value : null;
  }
}

/** Household members as a divisor: a household of no one has no per-person figures. */
function membersOf(facts: HouseholdFacts): number | null {
  const members = baseValue(facts, 'members');
  return typeof members === 'number' && members >= 1 ? members : null;
}

/** The value of any fact, derived ones computed; null when it cannot be known from what is given. */
export function factValue(facts: HouseholdFacts, key: FactKey): number | boolean | string | null {
  if (!isDerived(key)) return baseValue(facts, key);
  const income = baseValue(facts, 'monthlyIncome') as number | null;
  switch (key) {
    case 'yearlyIncome':
      return income === null ? null : income * 12;
    case 'perCapitaMonthlyIncome': {
      const members = membersOf(facts);
      return income === null || members === null ? null : income / members;
    }
    case 'perCapitaAssets': {
      const members = membersOf(facts);
      const deposits = baseValue(facts, 'deposits') as number | null;
      const securities = baseValue(facts, 'securities') as number | null;
      return deposits === null || securities === null || members === null
        ? null
        : (deposits + securities) / members;
    }
    case 'perCapitaFloorArea': {
      const members = membersOf(facts);
      const area = baseValue(facts, 'floorArea') as number | null;
      return area === null || members === null ? null : area / members;
    }
  }
}

/** The base facts that make a fact unknown: those missing or invalid among what it rests on. */
export function missingFor(facts: HouseholdFacts, key: FactKey): BaseFactKey[] {
  return baseFactsOf(key).filter((base) =>
    base === 'members' && isDerived(key) ? membersOf(facts) === null : baseValue(facts, base) === null,
  );
}
