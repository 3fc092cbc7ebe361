/**
 * The code lists of the sufficiency template v1 (docs/data-formats.md).
 * One definition, used by the parser, the derivations, the pages and the exports.
 */

export const TEMPLATE_VERSION = 'v1';

export const TEMPLATE_COLUMNS = [
  'period_end',
  'la_code',
  'la_name',
  'setting',
  'provision',
  'age_band',
  'need',
  'measure',
  'value',
] as const;
export type TemplateColumn = (typeof TEMPLATE_COLUMNS)[number];
export const REQUIRED_COLUMNS: readonly TemplateColumn[] = TEMPLATE_COLUMNS.filter(
  (c) => c !== 'la_name',
);

export const SETTINGS = [
  'fostering',
  'kinship_fostering',
  'residential',
  'secure',
  'supported_accommodation',
  'other',
  'all',
] as const;
export type Setting = (typeof SETTINGS)[number];
/** The settings that add up to `all` (each child is in exactly one). */
export const SETTING_PARTS: readonly Setting[] = SETTINGS.filter((s) => s !== 'all');

export const PROVISIONS = [
  'in_house',
  'other_la',
  'other_public',
  'private',
  'voluntary',
  'parents',
  'commissioned',
  'all',
] as const;
export type Provision = (typeof PROVISIONS)[number];
/** PR2-PR5: bought from someone other than the council itself. */
export const COMMISSIONED_PARTS: readonly Provision[] = [
  'other_la',
  'other_public',
  'private',
  'voluntary',
];
/** What adds up to `all`: `commissioned` stands for its four parts. */
export const PROVISION_PARTS: readonly Provision[] = ['in_house', 'commissioned', 'parents'];

export const AGE_BANDS = ['all', 'under_1', '1_4', '5_9', '10_15', '16_17'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];
export const AGE_BAND_PARTS: readonly AgeBand[] = AGE_BANDS.filter((a) => a !== 'all');

/** Needs overlap (a child can be in a sibling group and disabled), so they never add up to `all`. */
export const NEEDS = [
  'all',
  'sibling_group',
  'parent_and_child',
  'disability',
  'uasc',
  'complex_needs',
  'emergency',
] as const;
export type Need = (typeof NEEDS)[number];

export const MEASURES = [
  'children_placed',
  'places',
  'places_vacant',
  'referrals',
  'referrals_unmatched',
  'placed_outside_la',
  'placed_over_20_miles',
  'weekly_cost_gbp',
  'starts',
  'ends',
  'carer_households',
  'enquiries',
  'applications',
  'households_approved',
  'households_deregistered',
] as const;
/**
 * Measures only derived from SSDA903 returns (docs/ssda903.md), never in a template file: the
 * template parser takes MEASURES only.
 */
export const DERIVED_MEASURES = ['care_starts', 'care_ends', 'moves', 'placements_3plus'] as const;
export type TemplateMeasure = (typeof MEASURES)[number];
export type Measure = TemplateMeasure | (typeof DERIVED_MEASURES)[number];

/** Measures only valid for the two fostering settings. */
export const RECRUITMENT_MEASURES: readonly Measure[] = [
  'carer_households',
  'enquiries',
  'applications',
  'households_approved',
  'households_deregistered',
];
export const FOSTERING_SETTINGS: readonly Setting[] = ['fostering', 'kinship_fostering'];

/** A sub-measure may not exceed its parent at the same key. */
export const SUB_MEASURES: ReadonlyArray<{ sub: Measure; parent: Measure }> = [
  { sub: 'places_vacant', parent: 'places' },
  { sub: 'referrals_unmatched', parent: 'referrals' },
  { sub: 'placed_outside_la', parent: 'children_placed' },
  { sub: 'placed_over_20_miles', parent: 'children_placed' },
];

/** Averages, not counts: totals are weighted by children_placed rather than summed. */
export const AVERAGE_MEASURES: readonly Measure[] = ['weekly_cost_gbp'];

export const SYMBOLS = ['c', 'x', 'z'] as const;
export type FigureSymbol = (typeof SYMBOLS)[number];

export const SYMBOL_LABELS: Record<FigureSymbol, string> = {
  c: 'suppressed',
  x: 'not available',
  z: 'not applicable',
};

export const SETTING_LABELS: Record<Setting, string> = {
  fostering: 'Fostering (other foster carers)',
  kinship_fostering: 'Kinship fostering (family and friends)',
  residential: "Children's homes",
  secure: "Secure children's homes",
  supported_accommodation: 'Supported accommodation (16-17)',
  other: 'Other (parents, adoption, other)',
  all: 'All settings',
};

/** Short setting names for chart axes. */
export const SETTING_SHORT_LABELS: Record<Setting, string> = {
  fostering: 'Fostering',
  kinship_fostering: 'Kinship',
  residential: 'Homes',
  secure: 'Secure',
  supported_accommodation: 'Supported',
  other: 'Other',
  all: 'All',
};

export const PROVISION_LABELS: Record<Provision, string> = {
  in_house: 'In-house (PR1)',
  other_la: 'Another council (PR2)',
  other_public: 'Other public (PR3)',
  private: 'Private (PR4)',
  voluntary: 'Voluntary (PR5)',
  parents: 'Parents (PR0)',
  commissioned: 'Commissioned (PR2-PR5)',
  all: 'All provision',
};

export const AGE_BAND_LABELS: Record<AgeBand, string> = {
  all: 'All ages',
  under_1: 'Under 1',
  '1_4': '1 to 4',
  '5_9': '5 to 9',
  '10_15': '10 to 15',
  '16_17': '16 and 17',
};

export const NEED_LABELS: Record<Need, string> = {
  all: 'All children',
  sibling_group: 'Sibling groups',
  parent_and_child: 'Parent and child',
  disability: 'Disability',
  uasc: 'Unaccompanied asylum-seeking children',
  complex_needs: 'Complex needs',
  emergency: 'Emergency',
};

export const MEASURE_LABELS: Record<Measure, string> = {
  children_placed: 'Children placed',
  places: 'Places',
  places_vacant: 'Places vacant',
  referrals: 'Referrals',
  referrals_unmatched: 'Referrals unmatched',
  placed_outside_la: 'Placed outside the council',
  placed_over_20_miles: 'Placed over 20 miles from home',
  weekly_cost_gbp: 'Average weekly cost (£)',
  starts: 'Placements started',
  ends: 'Placements ended',
  carer_households: 'Approved fostering households',
  enquiries: 'Fostering enquiries',
  applications: 'Fostering applications',
  households_approved: 'Households approved',
  households_deregistered: 'Households deregistered',
  care_starts: 'Started to be looked after',
  care_ends: 'Ceased to be looked after',
  moves: 'Placement moves',
  placements_3plus: 'Children with 3 or more placements in the year',
};
