import type { Metadata } from 'next';
import Link from 'next/link';
import { CouncilPicker } from '@/components/ui/CouncilPicker';
import { withDb } from '@/db/run';
import { getCurrentPublication, getLatestPublication, getProfile, previewNeeds } from '@/db/publications';
import { listCouncilsWithFigures } from '@/db/queries/figures';
import { requirePage } from '@/db/session';
import { diffNeeds } from '@/lib/needsDiff';
import { can } from '@/lib/roles';
import { publishAction, saveProfileAction, withdrawAction } from './actions';

export const metadata: Metadata = { title: 'Publish needs' };
export const dynamic = 'force-dynamic';

const DONE: Record<string, string> = {
  saved: 'The text was saved. Publish to show it to providers.',
  published: 'Published: providers now see the council’s current needs.',
  withdrawn: 'Withdrawn: providers no longer see the council’s needs.',
};
const ERRORS: Record<string, string> = {
  council: 'Choose a council.',
  nodata: 'There are no figures to publish for this council yet.',
};

export default async function PublishPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const q = await searchParams;
  const user = await requirePage('view', `/dashboard/publish${q.la ? `?la=${encodeURIComponent(q.la)}` : ''}`);
  const councils = withDb(listCouncilsWithFigures);
  const la = (q.la ?? councils[0]?.code ?? '').toUpperCase();
  const council = councils.find((c) => c.code === la);
  const profile = withDb(getProfile, la);
  const latest = council ? withDb(getLatestPublication, la) : null;
  const mayPublish = can(user.role, 'publish');
  const area = (name: 'vision' | 'modelOfCare' | 'contact' | 'events', label: string, hint: string) => (
    <div className="govuk-form-group">
      <label className="govuk-label govuk-label--s" htmlFor={name}>
        {label}
      </label>
      <div id={`${name}-hint`} className="govuk-hint">
        {hint}
      </div>
      <textarea className="govuk-textarea" id={name} name={name} rows={6} defaultValue={profile[name]} aria-describedby={`${name}-hint`} readOnly={!mayPublish} />
    </div>
  );
  return (
    <>
      {council && <span className="govuk-caption-l">{council.name}</span>}
      <h1 className="govuk-heading-xl">Publish needs for providers</h1>
      {q.error && (
        <div className="govuk-error-summary" data-module="govuk-error-summary">
          <div role="alert">
            <h2 className="govuk-error-summary__title">There is a problem</h2>
            <div className="govuk-error-summary__body">
              <p className="govuk-body">{ERRORS[q.error] ?? 'That did not work.'}</p>
            </div>
          </div>
        </div>
      )}
      {q.done && DONE[q.done] && (
        <div className="govuk-notification-banner govuk-notification-banner--success" role="region" aria-labelledby="publish-done">
          <div className="govuk-notification-banner__header">
            <h2 className="govuk-notification-banner__title" id="publish-done">Success</h2>
          </div>
          <div className="govuk-notification-banner__content">
            <p className="govuk-notification-banner__heading">{DONE[q.done]}</p>
          </div>
        </div>
      )}
      <CouncilPicker councils={councils} la={la} action="/dashboard/publish" submitLabel="Show the council" />
      {council && (
        <>
          <h2 className="govuk-heading-m">On the public side now</h2>
          <p className="govuk-body" id="publication-status">
            {!latest
              ? 'Nothing is published for this council.'
              : latest.withdrawnAt
                ? `Withdrawn on ${new Date(latest.withdrawnAt).toLocaleString('en-GB', { timeZone: 'Europe/London' })}: providers see nothing.`
                : `Published on ${new Date(latest.publishedAt).toLocaleString('en-GB', { timeZone: 'Europe/London' })} by ${latest.publishedBy ?? 'unknown'}. Providers see that snapshot until you publish again.`}{' '}
            {latest && !latest.withdrawnAt && (
              <Link className="govuk-link" href={`/needs/${la}`}>
                See the public page
              </Link>
            )}
          </p>
          {mayPublish && q.step === 'preview' ? (
            <PublishPreview la={la} />
          ) : mayPublish && q.step === 'withdraw' && latest && !latest.withdrawnAt ? (
            <div className="govuk-warning-text" id="withdraw-confirm">
              <span className="govuk-warning-text__icon" aria-hidden="true">!</span>
              <div className="govuk-warning-text__text">
                <span className="govuk-visually-hidden">Warning</span>
                Withdraw {council.name}’s needs from the public side? Its page and API will say they were withdrawn, and the
                feed will announce it. You can publish again at any time.
                <div className="govuk-button-group govuk-!-margin-top-4">
                  <form action={withdrawAction}>
                    <input type="hidden" name="la" value={la} />
                    <input type="hidden" name="confirm" value="yes" />
                    <button type="submit" className="govuk-button govuk-button--warning">Yes, withdraw</button>
                  </form>
                  <Link className="govuk-link" href={`/dashboard/publish?la=${la}`}>No, keep it published</Link>
                </div>
              </div>
            </div>
          ) : mayPublish ? (
            <form action="/dashboard/publish" method="get" className="govuk-button-group">
              <input type="hidden" name="la" value={la} />
              <button type="submit" name="step" value="preview" className="govuk-button">Preview and publish</button>
              {latest && !latest.withdrawnAt && (
                <button type="submit" name="step" value="withdraw" className="govuk-button govuk-button--warning">Withdraw from the public side</button>
              )}
            </form>
          ) : (
            <div className="govuk-inset-text">Commissioners publish and withdraw; your role can read this page.</div>
          )}
          <h2 className="govuk-heading-m">What providers read about the council</h2>
          <form action={saveProfileAction}>
            <input type="hidden" name="la" value={la} />
            {area('vision', 'Vision and values', 'Markdown: ## headings, - lists, **bold**, *italic*, [links](https://...).')}
            {area('modelOfCare', 'Model of care', 'How the council wants children cared for: family first, close to home, small homes.')}
            {area('contact', 'How to get in touch', 'Who providers should contact, and how.')}
            {area('events', 'Provider network events', 'One a line: date | title | where, e.g. 2027-01-20 | Provider network | Town hall. Past events are not shown.')}
            <div className="govuk-form-group">
              <div className="govuk-checkboxes govuk-checkboxes--small">
                <div className="govuk-checkboxes__item">
                  <input className="govuk-checkboxes__input" id="publishCosts" name="publishCosts" type="checkbox" value="yes" defaultChecked={profile.publishCosts} disabled={!mayPublish} aria-describedby="publishCosts-hint" />
                  <label className="govuk-label govuk-checkboxes__label" htmlFor="publishCosts">Publish what the council pays by setting, as bands</label>
                  <div id="publishCosts-hint" className="govuk-hint govuk-checkboxes__hint">
                    The average weekly cost of commissioned placements in each setting, as a band such as £4,000 to £4,999 a week; hidden where fewer than 6 children are placed. Off unless you choose it.
                  </div>
                </div>
              </div>
            </div>
            {mayPublish && <button type="submit" className="govuk-button govuk-button--secondary">Save the text</button>}
          </form>
        </>
      )}
    </>
  );
}

/** What publishing now would change against the current publication, and the button that does it. */
function PublishPreview({ la }: { la: string }) {
  let changes;
  try {
    changes = diffNeeds(withDb(getCurrentPublication, la)?.needs ?? null, withDb(previewNeeds, la));
  } catch {
    return <div className="govuk-inset-text">There are no figures to publish for this council yet.</div>;
  }
  return (
    <>
      <h2 className="govuk-heading-m" id="preview-heading">What publishing will change</h2>
      {changes.length === 0 ? (
        <p className="govuk-body" id="publish-preview">Nothing providers see would change.</p>
      ) : (
        <div className="app-table-wrapper">
          <table className="govuk-table" id="publish-preview">
            <caption className="govuk-table__caption govuk-table__caption--s">
              Figures as providers would see them (small numbers hidden), now and after publishing
            </caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">What</th>
                <th scope="col" className="govuk-table__header">Now</th>
                <th scope="col" className="govuk-table__header">After publishing</th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {changes.map((c) => (
                <tr key={c.what} className="govuk-table__row">
                  <th scope="row" className="govuk-table__header">{c.what}</th>
                  <td className="govuk-table__cell">{c.now}</td>
                  <td className="govuk-table__cell">{c.after}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="govuk-button-group">
        <form action={publishAction}>
          <input type="hidden" name="la" value={la} />
          <button type="submit" className="govuk-button">Publish these needs</button>
        </form>
        <Link className="govuk-link" href={`/dashboard/publish?la=${la}`}>Cancel</Link>
      </div>
    </>
  );
}
