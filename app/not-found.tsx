import Link from 'next/link';

export default function NotFound() {
  return (
    <>
      <h1 className="govuk-heading-xl">Page not found</h1>
      <p className="govuk-body">If you typed the web address, check it is correct.</p>
      <p className="govuk-body">
        <Link className="govuk-link" href="/">
          Go to the home page
        </Link>
      </p>
    </>
  );
}
