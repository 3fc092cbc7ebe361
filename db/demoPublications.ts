import type { Db } from './client';
import { publishNeeds, saveProfile } from './publications';

/** Synthetic council text for the demo, in the spirit of the Stockton-on-Tees MPS (2024). */
const PROFILES: Record<string, { vision: string; modelOfCare: string; contact: string; events: string }> = {
  E06000004: {
    vision:
      'We want every child in our care to grow up in a loving family, close to home, school and friends.\n\n- **Family settings first**: foster care with our own carers, or with family and friends\n- **Close to home**: placements in or near the borough\n- **Homes, not institutions**: small children’s homes that feel like family life',
    modelOfCare:
      '## How we work with providers\nWe keep a mixed model: our own foster carers and homes, and placements we commission. We want to work with providers who can offer **2-3 bed homes** in the borough and **supported accommodation for 16 and 17 year olds** preparing for independence.',
    contact: 'Children’s Commissioning Team (demo). Email [commissioning@example.gov.uk](mailto:commissioning@example.gov.uk).',
    events: '2027-01-20 | Provider network: children’s homes | Municipal Buildings (demo)\n2027-04-15 | Provider network: supported accommodation | Online',
  },
  E09000028: {
    vision: 'Children in our care should live with families in south London wherever that is safe, and stay close to the people who matter to them.',
    modelOfCare: 'We are growing our own fostering service and want to commission placements for **teenagers** and **sibling groups** close to the borough.',
    contact: 'Placements Commissioning (demo): [placements@example.gov.uk](mailto:placements@example.gov.uk).',
    events: '2027-02-10 | Provider forum | Town hall (demo)',
  },
};

/** Writes the demo text and publishes both demo councils. Demo mode only. */
export function publishDemoNeeds(db: Db): number {
  let n = 0;
  for (const [la, profile] of Object.entries(PROFILES)) {
    saveProfile(db, la, profile, 'demo');
    publishNeeds(db, la, 'demo');
    n += 1;
  }
  return n;
}
