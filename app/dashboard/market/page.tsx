import type { Metadata } from 'next';
import Link from 'next/link';
import { CouncilPicker } from '@/components/ui/CouncilPicker';
import { MarketView } from '@/components/market/MarketView';
import { withDb } from '@/db/run';
import { listCouncilsWithFigures } from '@/db/queries/figures';
import { getMarket, listMarketCouncils, readNationalTimeSeries } from '@/db/queries/market';
import { requirePage } from '@/db/session';

export const metadata: Metadata = { title: 'Local market: children’s homes' };
export const dynamic = 'force-dynamic';

type Search = Promise<Record<string, string | string[] | undefined>>;

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function MarketPage({ searchParams }: { searchParams: Search }) {
  const params = await searchParams;
  await requirePage('view', `/dashboard/market?${new URLSearchParams(params as Record<string, string>)}`);
  const councils = withDb(listMarketCouncils);
  const la = (one(params.la) ?? withDb(listCouncilsWithFigures)[0]?.code ?? councils[0]?.code ?? '').toUpperCase();
  const council = councils.find((c) => c.code === la);
  const market = council ? withDb(getMarket, council, { national: readNationalTimeSeries() }) : null;

  return (
    <>
      <span className="govuk-caption-l">{council ? council.name : 'Dashboard'}</span>
      <h1 className="govuk-heading-xl">Local market: children’s homes</h1>
      <p className="govuk-body">
        The children’s homes registered with Ofsted in the council and its region: who runs them, how big they are, and
        every other kind of registered setting in the council.
      </p>
      <CouncilPicker councils={councils} la={la} action="/dashboard/market" submitLabel="Show the market" />
      {!council ? (
        <div className="govuk-error-summary" data-module="govuk-error-summary">
          <div role="alert">
            <h2 className="govuk-error-summary__title">There is no council {la}</h2>
            <div className="govuk-error-summary__body">
              <p className="govuk-body">Choose a council from the list.</p>
            </div>
          </div>
        </div>
      ) : !market ? (
        <div className="govuk-inset-text">
          Ofsted’s register of children’s social care providers and places is not loaded. Import the file Ofsted publishes
          (for example ofsted_csc_providers_places_at_31_Mar_2023.csv) on the{' '}
          <Link className="govuk-link" href="/dashboard/import">
            import page
          </Link>
          .
        </div>
      ) : (
        <MarketView market={market} />
      )}
    </>
  );
}
