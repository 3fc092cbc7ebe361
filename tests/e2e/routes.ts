/** The routes the accessibility scan visits (signed in as a commissioner). */
export const AXE_ROUTES = [
  '/',
  '/needs',
  '/glossary',
  '/dashboard',
  '/dashboard?la=E06000004&period=2024-03-31',
  '/dashboard?la=E09000028&period=2020-03-31',
  '/dashboard?la=E06000004&period=1999-03-31',
  '/dashboard/import',
  '/dashboard/import/format',
  '/dashboard/imports/1',
  '/dashboard/history',
  '/dashboard/history?la=E06000004',
  '/dashboard/history?la=E06000004&period=2024-03-31',
  '/dashboard/audit',
  '/no-such-page',
];

/** Every page a commissioner can open, public and signed in, at the demo's councils. */
export const ALL_ROUTES = [
  ...AXE_ROUTES,
  '/needs/E06000004',
  '/needs/E09000028',
  '/dashboard/director?la=E06000004&period=2024-03-31',
  '/dashboard/priorities?la=E06000004',
  '/dashboard/priorities/1',
  '/dashboard/priorities/1/edit',
  '/dashboard/priorities/new?la=E06000004',
  '/dashboard/gaps?la=E06000004&period=2024-03-31',
  '/dashboard/fostering?la=E06000004',
  '/dashboard/children?la=E06000004&period=2024-03-31',
  '/dashboard/children/flows?la=E06000004&period=2024-03-31',
  '/dashboard/children/stability?la=E06000004&period=2024-03-31',
  '/dashboard/forecast?la=E06000004',
  '/dashboard/benchmarks?la=E06000004',
  '/dashboard/market?la=E06000004',
  '/dashboard/publish?la=E06000004',
];
