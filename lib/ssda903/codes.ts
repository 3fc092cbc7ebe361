/**
 * SSDA903 code lists by collection year and the mapping of its codes onto Sufficiency's
 * taxonomy (docs/ssda903.md). One definition, used by validation, derivation and the pages.
 */
import type { AgeBand, Provision, Setting } from '../template/codes';

export const HEADER_COLUMNS = ['CHILD', 'SEX', 'DOB', 'ETHNIC', 'UPN', 'MOTHER', 'MC_DOB'] as const;
export const EPISODE_COLUMNS = [
  'CHILD',
  'DECOM',
  'RNE',
  'LS',
  'CIN',
  'PLACE',
  'PLACE_PROVIDER',
  'DEC',
  'REC',
  'REASON_PLACE_CHANGE',
  'HOME_POST',
  'PL_POST',
  'URN',
] as const;
export const UASC_COLUMNS = ['CHILD', 'SEX', 'DOB', 'DUC'] as const;

export type Ssda903Table = 'header' | 'episodes' | 'uasc';
export const TABLE_COLUMNS: Record<Ssda903Table, readonly string[]> = {
  header: HEADER_COLUMNS,
  episodes: EPISODE_COLUMNS,
  uasc: UASC_COLUMNS,
};
export const TABLE_LABELS: Record<Ssda903Table, string> = {
  header: 'header (children)',
  episodes: 'episodes',
  uasc: 'UASC',
};

export const RNE = ['S', 'L', 'P', 'T', 'B', 'U'] as const;
/** New episodes that start a new placement (everything but a change of legal status only). */
export const PLACEMENT_START_RNE: ReadonlySet<string> = new Set(['S', 'P', 'T', 'B', 'U']);
/** A move from one placement to another within a period of care. */
export const MOVE_RNE: ReadonlySet<string> = new Set(['P', 'T', 'B', 'U']);
export const LS = ['C1', 'C2', 'D1', 'E1', 'V2', 'V3', 'V4', 'L1', 'L2', 'L3', 'J1', 'J2', 'J3'] as const;
/** Short breaks: DfE leaves them out of children looked after. */
export const SHORT_BREAK_LS: ReadonlySet<string> = new Set(['V3', 'V4']);
export const CIN = ['N1', 'N2', 'N3', 'N4', 'N5', 'N6', 'N7', 'N8'] as const;
export const PLACE_PROVIDER = ['PR0', 'PR1', 'PR2', 'PR3', 'PR4', 'PR5'] as const;
export const REC = [
  'X1', 'E11', 'E12', 'E2', 'E3', 'E4A', 'E4B', 'E13', 'E41', 'E45', 'E46', 'E47', 'E48',
  'E5', 'E6', 'E7', 'E9', 'E14', 'E15', 'E16', 'E17', 'E8',
] as const;
export const REASON_PLACE_CHANGE = [
  'CARPL', 'CLOSE', 'ALLEG', 'STAND', 'APPRR', 'CREQB', 'CREQO', 'CHILD', 'LAREQ', 'PLACE', 'CUSTOD', 'OTHER',
] as const;
export const ETHNIC = [
  'WBRI', 'WIRI', 'WOTH', 'WIRT', 'WROM', 'MWBC', 'MWBA', 'MWAS', 'MOTH', 'AIND', 'APKN', 'ABAN',
  'AOTH', 'BCRB', 'BAFR', 'BOTH', 'CHNE', 'OOTH', 'REFU', 'NOBT',
] as const;

const PLACE_BASE = [
  'A3', 'A4', 'A5', 'A6', 'K1', 'K2', 'P1', 'P3', 'R1', 'R2', 'R3', 'R5', 'S1',
  'T0', 'T1', 'T2', 'T3', 'T4', 'U1', 'U2', 'U3', 'U4', 'U5', 'U6', 'Z1',
];

/** The collection year as the year its 31 March falls in: 2024 is the 2023-24 return. */
export interface CodeLists {
  place: ReadonlySet<string>;
  sex: ReadonlySet<string>;
  /** A label for messages, e.g. "2023-24". */
  label: string;
}

export function collectionLabel(yearEnd: number): string {
  return `${yearEnd - 1}-${String(yearEnd % 100).padStart(2, '0')}`;
}

/**
 * The code lists valid in the return for the year ending 31 March `yearEnd`. K3 arrives in
 * 2024-25 with H5/P2 still accepted; from 2025-26 H5/P2 go and Z11-Z14 come. SEX moves from
 * 1/2 to M/F/U in 2024-25 (1/2 still accepted that year).
 */
export function codeListsFor(yearEnd: number): CodeLists {
  const label = collectionLabel(yearEnd);
  if (yearEnd <= 2024) return { label, place: new Set([...PLACE_BASE, 'H5', 'P2']), sex: new Set(['1', '2']) };
  if (yearEnd === 2025) return { label, place: new Set([...PLACE_BASE, 'H5', 'P2', 'K3']), sex: new Set(['M', 'F', 'U', '1', '2']) };
  return { label, place: new Set([...PLACE_BASE, 'K3', 'Z11', 'Z12', 'Z13', 'Z14']), sex: new Set(['M', 'F', 'U']) };
}

/** Which setting of the taxonomy a PLACE code is (domain README). */
export function settingOfPlace(place: string): Exclude<Setting, 'all'> {
  switch (place) {
    case 'U1':
    case 'U2':
    case 'U3':
      return 'kinship_fostering';
    case 'U4':
    case 'U5':
    case 'U6':
      return 'fostering';
    case 'K1':
      return 'secure';
    case 'K2':
    case 'R1':
      return 'residential';
    case 'K3':
    case 'H5':
    case 'P2':
      return 'supported_accommodation';
    default:
      return 'other';
  }
}

/** Which provision a PLACE_PROVIDER code is; null for a blank or unknown provider. */
export function provisionOfProvider(code: string): Exclude<Provision, 'all' | 'commissioned'> | null {
  switch (code) {
    case 'PR0':
      return 'parents';
    case 'PR1':
      return 'in_house';
    case 'PR2':
      return 'other_la';
    case 'PR3':
      return 'other_public';
    case 'PR4':
      return 'private';
    case 'PR5':
      return 'voluntary';
    default:
      return null;
  }
}

/** Placements where DfE requires an Ofsted URN when the provider is not the child's parents (rule 218). */
export const URN_REQUIRED_PLACE: ReadonlySet<string> = new Set(['K1', 'K2', 'R1', 'K3']);
/** Placements in supported accommodation, for 16-17 year olds only (rule 371). */
export const SIXTEEN_PLUS_PLACE: ReadonlySet<string> = new Set(['K3', 'H5', 'P2']);

/** Age in completed years on an ISO date. */
export function ageOn(dob: string, date: string): number {
  const years = Number(date.slice(0, 4)) - Number(dob.slice(0, 4));
  return date.slice(5) < dob.slice(5) ? years - 1 : years;
}

/** The age band of an age; null for 18 and over (counted in the total only). */
export function ageBandOf(age: number): Exclude<AgeBand, 'all'> | null {
  if (age < 1) return 'under_1';
  if (age < 5) return '1_4';
  if (age < 10) return '5_9';
  if (age < 16) return '10_15';
  if (age < 18) return '16_17';
  return null;
}

/**
 * Parses an SSDA903 date: dd/mm/yyyy (the return's form; d/m/yyyy accepted) or yyyy-mm-dd.
 * Null when it is not a real date (31/02/2020 is not).
 */
export function parseDate(raw: string): string | null {
  const s = raw.trim();
  let y: number, m: number, d: number;
  let match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s);
  if (match) {
    d = Number(match[1]);
    m = Number(match[2]);
    y = Number(match[3]);
  } else {
    match = /^(\d{4})-(\d{2})-(\d{2})(?:[T ]00:00(?::00(?:\.0+)?)?Z?)?$/.exec(s);
    if (!match) return null;
    y = Number(match[1]);
    m = Number(match[2]);
    d = Number(match[3]);
  }
  if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1) return null;
  const days = [31, y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  if (d > (days[m - 1] ?? 0)) return null;
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** The year (of its 31 March) of the return a date falls in: 2023-04-01 .. 2024-03-31 -> 2024. */
export function yearEndOf(isoDate: string): number {
  const y = Number(isoDate.slice(0, 4));
  return isoDate.slice(5) <= '03-31' ? y : y + 1;
}

export const yearEndDate = (yearEnd: number) => `${yearEnd}-03-31`;
export const yearStartDate = (yearEnd: number) => `${yearEnd - 1}-04-01`;

/** The postcode sector of a partial or full postcode: outward code, a space and the inward digit. */
export function postcodeSector(raw: string): string | null {
  const s = raw.toUpperCase().replace(/\s+/g, ' ').trim();
  const m = /^([A-Z]{1,2}[0-9][0-9A-Z]?) ?([0-9])/.exec(s);
  return m ? `${m[1]} ${m[2]}` : null;
}

const EARTH_RADIUS_MILES = 3958.8;
/** Straight-line (great circle) distance in miles between two points. */
export function milesBetween(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_MILES * Math.asin(Math.min(1, Math.sqrt(h)));
}

export const REASON_LABELS: Record<string, string> = {
  CARPL: 'Change to or implementation of care plan',
  CLOSE: 'Resignation or closure of provision',
  ALLEG: 'Allegation (s47)',
  STAND: 'Standards of care concern',
  APPRR: 'Approval removed',
  CREQB: "Carer requests end due to child's behaviour",
  CREQO: "Carer requests end, other than child's behaviour",
  CHILD: 'Child requests placement end',
  LAREQ: 'Responsible authority requests end',
  PLACE: 'Change in the status of placement only',
  CUSTOD: 'Custody arrangement',
  OTHER: 'Other',
  '(blank)': 'Not recorded',
  '(none)': 'No episode ended that day',
};

export const REC_LABELS: Record<string, string> = {
  E11: 'Adopted: application unopposed',
  E12: 'Adopted: consent dispensed with',
  E13: 'Left care to live with parents or relatives, no parental responsibility',
  E14: 'Accommodation on remand ended',
  E15: 'Age assessment found the child 18 or over',
  E16: 'Moved abroad',
  E17: 'Aged 18, stayed with current carers (staying put)',
  E2: 'Died',
  E3: 'Care taken over by another council',
  E41: 'Residence or child arrangements order',
  E45: 'Special guardianship order: former foster carers, relatives or friends',
  E46: 'Special guardianship order: former foster carers, others',
  E47: 'Special guardianship order: other carers, relatives or friends',
  E48: 'Special guardianship order: other carers, others',
  E4A: 'Returned home as part of the care plan',
  E4B: 'Returned home, not as part of the care plan',
  E5: 'Independent living with support',
  E6: 'Independent living without support',
  E7: 'Transferred to adult social care residential care',
  E8: 'Ceased for any other reason',
  E9: 'Sentenced to custody',
  '(blank)': 'Not recorded',
};
