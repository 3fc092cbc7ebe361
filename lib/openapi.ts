import { appBaseUrl } from './authEnv';
import { PUBLIC_SETTINGS } from './needs';
import { STATUS_LABELS, DIRECTIONS } from './priorities';

const cell = {
  type: 'object',
  description: 'A figure: a number, or a symbol where there is none to show. c = suppressed (1 to 5, or would reveal one), x = not available, z = not applicable.',
  required: ['value', 'symbol'],
  properties: {
    value: { type: ['number', 'null'] },
    symbol: { type: ['string', 'null'], enum: ['c', 'x', 'z', null] },
  },
};

const table = {
  type: 'object',
  required: ['id', 'title', 'description', 'rowHeader', 'columns', 'rows', 'notes'],
  properties: {
    id: { type: 'string' },
    title: { type: 'string' },
    description: { type: 'string' },
    rowHeader: { type: 'string' },
    columns: {
      type: 'array',
      items: { type: 'object', properties: { key: { type: 'string' }, label: { type: 'string' }, unit: { type: 'string', enum: ['count', 'gbp', 'percent'] } } },
    },
    rows: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          key: { type: 'string' },
          label: { type: 'string' },
          total: { type: 'boolean' },
          cells: { type: 'object', additionalProperties: { $ref: '#/components/schemas/Cell' } },
        },
      },
    },
    notes: { type: 'array', items: { type: 'string' } },
  },
};

/** The address the API is served at: the app's public address (never the request's Host header, which a client chooses). */
export function apiServerUrl(source: Record<string, string | undefined> = process.env): string {
  return appBaseUrl(source);
}

/** The OpenAPI 3.1 description of the open API, served at /api/v1/openapi.json. */
export function openApiDocument(serverUrl: string) {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Sufficiency open API',
      version: '1.0.0',
      description:
        'The needs English councils publish for providers of children’s placements: what they need commissioned, for which children and where, with their market position statement priorities. Aggregates only, with small numbers suppressed; read-only; no sign-in.',
      license: { name: 'Open Government Licence v3.0', url: 'https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/' },
    },
    servers: [{ url: serverUrl }],
    paths: {
      '/api/v1/public/needs': {
        get: {
          operationId: 'listPublishedNeeds',
          summary: 'Councils that have published their needs',
          responses: {
            '200': {
              description: 'The list, with an ETag; send If-None-Match to get 304 when nothing changed.',
              headers: { ETag: { schema: { type: 'string' } } },
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    properties: {
                      councils: {
                        type: 'array',
                        items: {
                          type: 'object',
                          properties: {
                            code: { type: 'string', example: 'E06000004' },
                            name: { type: 'string' },
                            regionName: { type: ['string', 'null'] },
                            regionCode: { type: ['string', 'null'] },
                            publishedAt: { type: 'string', format: 'date-time' },
                            periodEnd: { type: 'string', format: 'date' },
                            url: { type: 'string' },
                            page: { type: 'string' },
                          },
                        },
                      },
                    },
                  },
                },
              },
            },
            '304': { description: 'Not modified' },
          },
        },
      },
      '/api/v1/public/needs/{code}': {
        get: {
          operationId: 'getPublishedNeeds',
          summary: 'One council’s published needs',
          parameters: [{ name: 'code', in: 'path', required: true, description: 'ONS code of the council', schema: { type: 'string', pattern: '^E\\d{8}$', example: 'E06000004' } }],
          responses: {
            '200': {
              description: 'The council’s latest published needs.',
              headers: { ETag: { schema: { type: 'string' } } },
              content: { 'application/json': { schema: { $ref: '#/components/schemas/PublicNeeds' } } },
            },
            '304': { description: 'Not modified' },
            '404': { description: 'The council has never published its needs.' },
            '410': {
              description: 'The council has withdrawn its needs: when, as withdrawnAt.',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    properties: { error: { const: 'withdrawn' }, message: { type: 'string' }, code: { type: 'string' }, withdrawnAt: { type: 'string', format: 'date-time' } },
                  },
                },
              },
            },
          },
        },
      },
    },
    components: {
      schemas: {
        Cell: cell,
        Table: table,
        PublicNeeds: {
          type: 'object',
          required: ['schemaVersion', 'council', 'periodEnd', 'publishedAt', 'profile', 'events', 'priorities', 'settings'],
          properties: {
            schemaVersion: { const: 1 },
            council: { type: 'object', properties: { code: { type: 'string' }, name: { type: 'string' }, region: { type: ['string', 'null'] } } },
            periodEnd: { type: 'string', format: 'date', description: 'The figures describe the year ending on this date.' },
            publishedAt: { type: 'string', format: 'date-time' },
            profile: {
              type: 'object',
              description: 'Text the council writes, in a small Markdown subset (headings, lists, bold, italic, links).',
              properties: { vision: { type: 'string' }, modelOfCare: { type: 'string' }, contact: { type: 'string' } },
            },
            events: { type: 'array', items: { type: 'object', properties: { date: { type: 'string', format: 'date' }, title: { type: 'string' }, where: { type: 'string' } } } },
            priorities: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  title: { type: 'string' },
                  measure: { type: 'string' },
                  definition: { type: 'string' },
                  unit: { type: 'string', enum: ['count', 'gbp', 'percent'] },
                  direction: { type: 'string', enum: [...DIRECTIONS] },
                  baseline: { $ref: '#/components/schemas/Cell' },
                  baselineDate: { type: 'string', format: 'date' },
                  target: { $ref: '#/components/schemas/Cell' },
                  targetDate: { type: 'string', format: 'date' },
                  latest: { oneOf: [{ $ref: '#/components/schemas/Cell' }, { type: 'null' }] },
                  latestPeriod: { type: ['string', 'null'], format: 'date' },
                  status: { type: 'string', enum: Object.keys(STATUS_LABELS) },
                  narrative: { type: 'string' },
                },
              },
            },
            settings: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  setting: { type: 'string', enum: [...PUBLIC_SETTINGS] },
                  label: { type: 'string' },
                  summary: {
                    type: 'object',
                    properties: Object.fromEntries(
                      ['demand', 'toCommission', 'unmetNeed', 'pctOutsideLa', 'pctOver20Miles'].map((k) => [k, { $ref: '#/components/schemas/Cell' }]),
                    ),
                  },
                  byAge: { $ref: '#/components/schemas/Table' },
                  byNeed: { $ref: '#/components/schemas/Table' },
                  trend: { $ref: '#/components/schemas/Table' },
                },
              },
            },
            supply: {
              type: ['object', 'null'],
              description: 'Active children’s homes on Ofsted’s register in the council’s area, by sector and by size (absent in older publications).',
              properties: {
                asAt: { type: 'string', format: 'date' },
                ...Object.fromEntries(
                  ['bySector', 'bySize'].map((k) => [
                    k,
                    {
                      type: 'array',
                      items: { type: 'object', properties: { key: { type: 'string' }, label: { type: 'string' }, homes: { type: 'integer' }, places: { type: 'integer' } } },
                    },
                  ]),
                ),
              },
            },
          },
        },
      },
    },
  };
}
