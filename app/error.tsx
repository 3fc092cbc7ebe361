'use client';

export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <>
      <h1 className="govuk-heading-xl">Sorry, there is a problem with the service</h1>
      <p className="govuk-body">The page could not be shown. Try again; if it keeps happening, tell your system administrator.</p>
      {error.digest && <p className="govuk-body-s">Reference: {error.digest}</p>}
      <button type="button" className="govuk-button" onClick={reset}>
        Try again
      </button>
    </>
  );
}
