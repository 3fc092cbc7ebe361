export default function Loading() {
  return (
    <p className="govuk-body" role="status">
      Loading the figures…
    </p>
  );
}
