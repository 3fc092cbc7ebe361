import { qualityNotes } from '@/lib/ssda903/quality';

/** What the import's checks found in the returns behind the figures, and what each does to them. */
export function DataQualityNotes({ findings, dataQuality }: { findings: Record<string, number>[]; dataQuality: Record<string, number> | undefined }) {
  const notes = qualityNotes(findings, dataQuality);
  if (notes.length === 0) return <p className="govuk-body">The checks on import found nothing that changes these figures.</p>;
  return (
    <>
      <p className="govuk-body govuk-!-margin-bottom-1">What the checks on import found, and how it affects these figures:</p>
      <ul className="govuk-list govuk-list--bullet" data-testid="data-quality">
        {notes.map((n) => (
          <li key={n}>{n}</li>
        ))}
      </ul>
    </>
  );
}
