import type { Metadata } from 'next';

export const metadata: Metadata = { title: 'Published needs' };

export default function NeedsPage() {
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-xl">Published needs</h1>
        <p className="govuk-body">
          Councils publish here what they need providers to offer: the placements they need commissioned, for which children
          and where, with small numbers suppressed.
        </p>
        <div className="govuk-inset-text">No council has published its needs yet.</div>
      </div>
    </div>
  );
}
