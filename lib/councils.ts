import Papa from 'papaparse';

export interface CouncilRef {
  code: string;
  name: string;
  oldCode: string | null;
  regionCode: string | null;
  regionName: string | null;
}

/** Reads data/reference/councils.csv (DfE's list of the 153 councils, 2021 onwards). */
export function parseCouncilsCsv(text: string): CouncilRef[] {
  const parsed = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), {
    header: true,
    skipEmptyLines: true,
  });
  return parsed.data.map((r) => ({
    code: r.la_code ?? '',
    name: r.la_name ?? '',
    oldCode: r.old_la_code || null,
    regionCode: r.region_code || null,
    regionName: r.region_name || null,
  }));
}

/** Names compared loosely: "Stockton on Tees" and "Stockton-on-Tees", "&" and "and". */
export function sameCouncilName(a: string, b: string): boolean {
  const norm = (s: string) =>
    s
      .toLowerCase()
      .replace(/&/g, 'and')
      .replace(/[^a-z0-9]+/g, '');
  return norm(a) === norm(b);
}
