import Link from 'next/link';

export default function HomePage() {
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-xl">Sufficiency</h1>
        <p className="govuk-body-l">
          Placement sufficiency for English councils&apos; children&apos;s services: how many children need foster families,
          children&apos;s homes and supported accommodation, against the places the council runs itself and the places it buys.
        </p>
        <h2 className="govuk-heading-m">For providers</h2>
        <p className="govuk-body">
          Fostering agencies, children&apos;s home operators and supported accommodation providers can read the needs councils
          publish: what they need commissioned, for which children and where. No sign-in is needed.
        </p>
        <p className="govuk-body">
          <Link className="govuk-link" href="/needs">
            Read the published needs
          </Link>
        </p>
        <h2 className="govuk-heading-m">For councils</h2>
        <p className="govuk-body">
          Commissioners load their sufficiency figures and statutory returns, chart demand against capacity and track their
          market position statement. Directors see the placement mix and cost.
        </p>
        <p className="govuk-body">
          <Link className="govuk-link" href="/dashboard">
            Open the dashboard
          </Link>
        </p>
        <p className="govuk-body">
          <a className="govuk-link" href="/downloads/sufficiency-template.csv" download>
            Download the sufficiency template (CSV)
          </a>
        </p>
      </div>
    </div>
  );
}
