import Link from 'next/link';

export function Footer() {
  return (
    <footer className="govuk-footer">
      <div className="govuk-width-container">
        <div className="govuk-footer__meta">
          <div className="govuk-footer__meta-item govuk-footer__meta-item--grow">
            <h2 className="govuk-visually-hidden">Support links</h2>
            <ul className="govuk-footer__inline-list">
              <li className="govuk-footer__inline-list-item">
                <Link className="govuk-footer__link" href="/">
                  About Sufficiency
                </Link>
              </li>
              <li className="govuk-footer__inline-list-item">
                <Link className="govuk-footer__link" href="/needs">
                  Published needs
                </Link>
              </li>
              <li className="govuk-footer__inline-list-item">
                <Link className="govuk-footer__link" href="/glossary">
                  Glossary
                </Link>
              </li>
              <li className="govuk-footer__inline-list-item">
                <a className="govuk-footer__link" href="/downloads/sufficiency-template.csv" download>
                  Sufficiency template (CSV)
                </a>
              </li>
            </ul>
            <p className="govuk-body-s">
              Sufficiency is open-source software (MIT). It contains public sector information licensed under the{' '}
              <a className="govuk-footer__link" href="https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/">
                Open Government Licence v3.0
              </a>
              . It is not a GOV.UK service.
            </p>
          </div>
        </div>
      </div>
    </footer>
  );
}
