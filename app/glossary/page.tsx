import type { Metadata } from 'next';
import { GLOSSARY } from '@/lib/glossary';

export const metadata: Metadata = { title: 'Glossary' };

/** The terms of the trade in plain words, each with an anchor the pages link to. */
export default function GlossaryPage() {
  return (
    <>
      <h1 className="govuk-heading-xl">Glossary</h1>
      <p className="govuk-body-l">What the words and codes used on these pages mean.</p>
      <dl className="govuk-summary-list">
        {GLOSSARY.map((t) => (
          <div key={t.id} className="govuk-summary-list__row" id={t.id}>
            <dt className="govuk-summary-list__key">{t.term}</dt>
            <dd className="govuk-summary-list__value">{t.meaning}</dd>
          </div>
        ))}
      </dl>
    </>
  );
}
