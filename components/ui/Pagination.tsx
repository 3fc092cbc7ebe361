import Link from 'next/link';

/**
 * GOV.UK pagination: previous and next links and every page number (the tables paged here have
 * a handful of pages). Plain links, so it works without JavaScript; the current page is marked
 * with aria-current.
 */
export function Pagination({ label, page, pages, hrefFor }: { label: string; page: number; pages: number; hrefFor: (page: number) => string }) {
  if (pages <= 1) return null;
  return (
    <nav className="govuk-pagination" aria-label={label}>
      {page > 1 && (
        <div className="govuk-pagination__prev">
          <Link className="govuk-link govuk-pagination__link" href={hrefFor(page - 1)} rel="prev" prefetch={false}>
            <span className="govuk-pagination__link-title">
              Previous<span className="govuk-visually-hidden"> page</span>
            </span>
          </Link>
        </div>
      )}
      <ul className="govuk-pagination__list">
        {Array.from({ length: pages }, (_, i) => i + 1).map((p) => (
          <li key={p} className={`govuk-pagination__item${p === page ? ' govuk-pagination__item--current' : ''}`}>
            <Link
              className="govuk-link govuk-pagination__link"
              href={hrefFor(p)}
              aria-label={`Page ${p}`}
              aria-current={p === page ? 'page' : undefined}
              prefetch={false}
            >
              {p}
            </Link>
          </li>
        ))}
      </ul>
      {page < pages && (
        <div className="govuk-pagination__next">
          <Link className="govuk-link govuk-pagination__link" href={hrefFor(page + 1)} rel="next" prefetch={false}>
            <span className="govuk-pagination__link-title">
              Next<span className="govuk-visually-hidden"> page</span>
            </span>
          </Link>
        </div>
      )}
    </nav>
  );
}
