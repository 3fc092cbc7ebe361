/** The terms of the trade, in plain words: the glossary page and the links to it read this. */
export interface GlossaryTerm {
  /** The anchor on the glossary page: /glossary#id. */
  id: string;
  term: string;
  meaning: string;
}

export const GLOSSARY: readonly GlossaryTerm[] = [
  {
    id: 'sufficiency',
    term: 'Sufficiency',
    meaning:
      'A council’s duty (Children Act 1989, section 22G) to secure enough suitable places for the children it looks after, within its area as far as it can.',
  },
  {
    id: 'pr1-pr5',
    term: 'PR1 to PR5 (provider codes)',
    meaning:
      'Who provides a placement, as in the SSDA903 return: PR1 the council itself (in-house), PR2 another council, PR3 another public body (such as the NHS), PR4 a private provider, PR5 a voluntary or third-sector provider. PR2 to PR5 together are “commissioned”: bought from someone else.',
  },
  {
    id: 'ssda903',
    term: 'SSDA903',
    meaning:
      'The return every council in England sends the Department for Education each year about each child it looks after: when they came into care, each placement (setting, provider, postcode), and when they left. Its figures are published as “Children looked after in England”.',
  },
  {
    id: 'combined-view',
    term: 'Combined view',
    meaning:
      'The figures worked out from all of a council’s SSDA903 returns together: each placement as the latest return that mentions it records it. The other view shows each year’s return as it was sent.',
  },
  {
    id: 'demand',
    term: 'Demand',
    meaning: 'The children placed in a setting on the last day of the period, plus the referrals in the period that could not be matched to a placement of the kind sought.',
  },
  {
    id: 'places-to-commission',
    term: 'Places to commission',
    meaning: 'Demand less the council’s own (in-house) places: the placements it has to buy from other councils, private or voluntary providers. Never below 0.',
  },
  {
    id: 'unmet-need',
    term: 'Unmet need',
    meaning: 'Demand less every place available, in-house and commissioned: children for whom no place of the right kind is there at all. Never below 0.',
  },
  {
    id: 'market-position-statement',
    term: 'Market position statement (MPS)',
    meaning: 'What a council publishes for providers about the places it needs, now and in future, and what it will do to get them. Its priorities are the targets on the Priorities page.',
  },
  {
    id: 'suppression',
    term: 'c, x, z (symbols in place of a figure)',
    meaning:
      'c: suppressed, a small number withheld so that no child can be identified; x: not available; z: does not apply. A symbol is never shown as 0.',
  },
  {
    id: 'uasc',
    term: 'UASC',
    meaning: 'Unaccompanied asylum-seeking children: children seeking asylum in the UK with no parent or carer with them, looked after by the council.',
  },
];
