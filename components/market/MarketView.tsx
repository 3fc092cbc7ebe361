import { ChartFigure } from '@/components/charts/ChartFigure';
import { formatCell, formatDate, formatNumber } from '@/lib/format';
import { homesBySector, homesBySize, marketTables, ownChildrenBySector, type MarketInput, type MarketTableId } from '@/lib/market';
import { MarketTableFigure } from './MarketTableFigure';

const DOWNLOAD_LABEL = 'Download this table (CSV)';

/** The local market of children's homes of a council: every figure with its table and CSV download. */
export function MarketView({ market }: { market: MarketInput }) {
  const tables = marketTables(market);
  const download = (id: MarketTableId) =>
    `/dashboard/market/download?${new URLSearchParams({ la: market.council.code, table: id })}`;
  const register = `Ofsted, children’s social care providers and places at ${formatDate(market.asAt)} (register of settings).`;
  const council = homesBySector(market.councilSettings).all;
  const small = homesBySize(market.councilSettings)['2-3'];
  const region = market.region ? homesBySector(market.regionSettings).all : null;
  const share = region && region.homes > 0 ? Math.round((council.homes / region.homes) * 100) : null;
  const own = ownChildrenBySector(market);

  return (
    <>
      <h2 className="govuk-heading-l">Children’s homes on {formatDate(market.asAt)}</h2>
      <ul className="app-headlines" aria-label="Headline figures">
        <li className="app-headline" data-headline="homes">
          <span className="app-headline__value">{formatNumber(council.homes)}</span>
          <span className="app-headline__label">children’s homes in {market.council.name}</span>
        </li>
        <li className="app-headline" data-headline="places">
          <span className="app-headline__value">{formatNumber(council.places)}</span>
          <span className="app-headline__label">places in them</span>
        </li>
        <li className="app-headline" data-headline="small-homes">
          <span className="app-headline__value">{formatNumber(small.homes)}</span>
          <span className="app-headline__label">homes of 2 to 3 places</span>
        </li>
        {region && market.region && (
          <li className="app-headline" data-headline="region-homes">
            <span className="app-headline__value">{formatNumber(region.homes)}</span>
            <span className="app-headline__label">
              children’s homes in {market.region}
              {share !== null && ` (${formatNumber(share, 'percent')} of them in ${market.council.name})`}
            </span>
          </li>
        )}
      </ul>
      <p className="govuk-body">
        Homes are counted where they are, whoever runs them and whichever council’s children live in them. Only children’s
        homes with an active registration are counted.
      </p>

      <h2 className="govuk-heading-l">Who runs the homes</h2>
      {tables['sector-council'] && (
        <ChartFigure table={tables['sector-council']} kind="bar" omitRows={['all']} source={register} downloadHref={download('sector-council')} downloadLabel={DOWNLOAD_LABEL} />
      )}
      {tables['sector-region'] ? (
        <ChartFigure table={tables['sector-region']} kind="bar" omitRows={['all']} source={register} downloadHref={download('sector-region')} downloadLabel={DOWNLOAD_LABEL} />
      ) : (
        <RegionUnknown name={market.council.name} />
      )}

      <h2 className="govuk-heading-l">{market.council.name}’s own children in these homes</h2>
      {own && market.ownChildren && tables['own-children'] ? (
        <>
          <p className="govuk-body" data-headline="own-children-external">
            On {formatDate(market.ownChildren.periodEnd)}, {formatNumber(own.external.children)} of the {formatNumber(own.external.places)} places in
            external children’s homes in {market.council.name} were used by its own children (
            {formatCell(tables['own-children'].rows.find((r) => r.key === 'external')?.cells.share, 'percent')}).
          </p>
          <MarketTableFigure table={tables['own-children']} source={`${register} The council's SSDA903 returns, combined view.`} downloadHref={download('own-children')} />
        </>
      ) : (
        <div className="govuk-inset-text">
          How many of {market.council.name}’s own children live in these homes needs its SSDA903 returns, which are not loaded:{' '}
          import them on the import page.
        </div>
      )}

      <h2 className="govuk-heading-l">The size of the homes</h2>
      {tables['size-council'] && (
        <ChartFigure table={tables['size-council']} kind="bar" omitRows={['all']} source={register} downloadHref={download('size-council')} downloadLabel={DOWNLOAD_LABEL} />
      )}
      {tables['size-region'] && (
        <ChartFigure table={tables['size-region']} kind="bar" omitRows={['all']} source={register} downloadHref={download('size-region')} downloadLabel={DOWNLOAD_LABEL} />
      )}

      <h2 className="govuk-heading-l">Every registered setting in {market.council.name}</h2>
      {tables['provision-council'] && (
        <MarketTableFigure table={tables['provision-council']} source={register} downloadHref={download('provision-council')} />
      )}

      <h2 className="govuk-heading-l">Children’s homes in England over time</h2>
      {tables.national ? (
        <ChartFigure
          table={tables.national}
          kind="line"
          source="National, from Ofsted’s time series: children’s social care providers and places, by provision type, at 31 March of each year."
          downloadHref={download('national')}
          downloadLabel={DOWNLOAD_LABEL}
        />
      ) : (
        <div className="govuk-inset-text">
          Ofsted’s national time series is not available: the file
          data/reference/ofsted/ofsted_csc_providers_places_time_series_raw.csv is missing.
        </div>
      )}

      <h2 className="govuk-heading-l">What this register does not tell you</h2>
      <ul className="govuk-list govuk-list--bullet">
        <li>
          How good the homes are: inspection judgements are not in this extract of Ofsted’s register, so none are shown
          here.
        </li>
      </ul>
    </>
  );
}

function RegionUnknown({ name }: { name: string }) {
  return (
    <div className="govuk-inset-text">
      The region of {name} could not be matched to a region of Ofsted’s register, so there are no regional figures.
    </div>
  );
}
