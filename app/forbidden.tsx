import Link from 'next/link';

export default function Forbidden() {
  return (
    <>
      <h1 className="govuk-heading-xl">You cannot do this</h1>
      <p className="govuk-body">Your role does not allow this page or action. Ask your administrator if you need it.</p>
      <p className="govuk-body">
        <Link className="govuk-link" href="/dashboard">
          Go to the dashboard
        </Link>
      </p>
    </>
  );
}
