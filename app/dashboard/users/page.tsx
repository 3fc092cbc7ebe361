import type { Metadata } from 'next';
import { withDb } from '@/db/run';
import { listUsers } from '@/db/queries/users';
import { requirePage } from '@/db/session';
import { listThrottledAccounts } from '@/db/throttle';
import { ROLE_LABELS, type Role } from '@/lib/roles';
import { twoFactorRoles } from '@/db/queries/twoFactor';
import { changeRoleAction, createUserAction, twoFactorRolesAction } from './actions';

const DONE: Record<string, string> = { created: 'User created.', changed: 'Role changed.', twoFactor: 'Two-factor sign-in setting saved.' };

export const metadata: Metadata = { title: 'Users' };
export const dynamic = 'force-dynamic';

const ROLES = Object.keys(ROLE_LABELS) as Role[];

/** Times in the UK, as the admins read them. */
const timeOfDay = (ms: number) =>
  new Date(ms).toLocaleString('en-GB', { timeZone: 'Europe/London', dateStyle: 'medium', timeStyle: 'medium' });

export default async function UsersPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const admin = await requirePage('manageUsers', '/dashboard/users');
  const { error, done } = await searchParams;
  const users = withDb(listUsers);
  const throttled = withDb(listThrottledAccounts);
  const required = withDb(twoFactorRoles);
  return (
    <>
      <h1 className="govuk-heading-xl">Users</h1>
      {error && (
        <div className="govuk-error-summary" data-module="govuk-error-summary">
          <div role="alert">
            <h2 className="govuk-error-summary__title">There is a problem</h2>
            <div className="govuk-error-summary__body">
              <p className="govuk-body">{error}</p>
            </div>
          </div>
        </div>
      )}
      {done && (
        <div className="govuk-notification-banner govuk-notification-banner--success" role="region" aria-labelledby="users-done">
          <div className="govuk-notification-banner__header">
            <h2 className="govuk-notification-banner__title" id="users-done">
              Success
            </h2>
          </div>
          <div className="govuk-notification-banner__content">
            <p className="govuk-notification-banner__heading">{Object.hasOwn(DONE, done) ? DONE[done] : 'Saved.'}</p>
          </div>
        </div>
      )}
      <table className="govuk-table">
        <caption className="govuk-table__caption govuk-table__caption--m">Everyone who can sign in</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">Email</th>
            <th scope="col" className="govuk-table__header">Name</th>
            <th scope="col" className="govuk-table__header">Role</th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {users.map((u) => (
            <tr key={u.id} className="govuk-table__row">
              <td className="govuk-table__cell">
                {u.email}
                {u.demo && <strong className="govuk-tag govuk-tag--yellow govuk-!-margin-left-2">Demo</strong>}
              </td>
              <td className="govuk-table__cell">{u.name}</td>
              <td className="govuk-table__cell">
                {u.id === admin.id ? (
                  `${ROLE_LABELS[u.role as Role] ?? u.role} (you)`
                ) : (
                  <form action={changeRoleAction} className="govuk-!-display-flex" style={{ gap: '0.5rem', alignItems: 'flex-end' }}>
                    <input type="hidden" name="userId" value={u.id} />
                    <div className="govuk-form-group govuk-!-margin-bottom-0">
                      <label className="govuk-label govuk-visually-hidden" htmlFor={`role-${u.id}`}>
                        Role of {u.email}
                      </label>
                      <select className="govuk-select" id={`role-${u.id}`} name="role" defaultValue={u.role}>
                        {ROLES.map((r) => (
                          <option key={r} value={r}>
                            {ROLE_LABELS[r]}
                          </option>
                        ))}
                      </select>
                    </div>
                    <button type="submit" className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0">
                      Change role<span className="govuk-visually-hidden"> of {u.email}</span>
                    </button>
                  </form>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {throttled.length > 0 && (
        <table className="govuk-table" id="throttled">
          <caption className="govuk-table__caption govuk-table__caption--m">Sign-in delayed after failed attempts</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Email tried</th>
              <th scope="col" className="govuk-table__header">From</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Failed attempts in a row</th>
              <th scope="col" className="govuk-table__header">Last failure</th>
              <th scope="col" className="govuk-table__header">Next try allowed</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {throttled.map((t) => (
              <tr key={`${t.account} ${t.fromKnownAddresses}`} className="govuk-table__row">
                <td className="govuk-table__cell">{t.account}</td>
                <td className="govuk-table__cell">{t.fromKnownAddresses ? 'Addresses it has signed in from' : 'Other addresses'}</td>
                <td className="govuk-table__cell govuk-table__cell--numeric">{t.failures}</td>
                <td className="govuk-table__cell">{timeOfDay(t.lastFailureAt)}</td>
                <td className="govuk-table__cell">{timeOfDay(t.waitUntil)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2 className="govuk-heading-l">Two-factor sign-in</h2>
      <form action={twoFactorRolesAction}>
        <div className="govuk-form-group">
          <fieldset className="govuk-fieldset" aria-describedby="two-factor-hint">
            <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">Require two-factor sign-in for</legend>
            <div id="two-factor-hint" className="govuk-hint">
              People in these roles enter a code from an authenticator app after their password. Anyone who has not set it up is
              asked to when they next sign in, and can use nothing else until they have.
            </div>
            <div className="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">
              {ROLES.map((r) => (
                <div key={r} className="govuk-checkboxes__item">
                  <input className="govuk-checkboxes__input" id={`two-factor-${r}`} name="twoFactorRoles" type="checkbox" value={r} defaultChecked={required.includes(r)} />
                  <label className="govuk-label govuk-checkboxes__label" htmlFor={`two-factor-${r}`}>
                    {ROLE_LABELS[r]}s
                  </label>
                </div>
              ))}
            </div>
          </fieldset>
        </div>
        <button type="submit" className="govuk-button govuk-button--secondary">Save two-factor setting</button>
      </form>
      <h2 className="govuk-heading-l">Add a user</h2>
      <form action={createUserAction} className="govuk-!-width-two-thirds">
        <div className="govuk-form-group">
          <label className="govuk-label" htmlFor="new-email">Email address</label>
          <input className="govuk-input" id="new-email" name="email" type="email" autoComplete="off" spellCheck={false} />
        </div>
        <div className="govuk-form-group">
          <label className="govuk-label" htmlFor="new-name">Name</label>
          <input className="govuk-input" id="new-name" name="name" type="text" autoComplete="off" />
        </div>
        <div className="govuk-form-group">
          <label className="govuk-label" htmlFor="new-role">Role</label>
          <select className="govuk-select" id="new-role" name="role" defaultValue="director">
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {ROLE_LABELS[r]}
              </option>
            ))}
          </select>
        </div>
        <div className="govuk-form-group">
          <label className="govuk-label" htmlFor="new-password">Initial password</label>
          <div id="new-password-hint" className="govuk-hint">At least 12 characters and not a common password: three or more random words work well. Give it to the person securely.</div>
          <input className="govuk-input" id="new-password" name="password" type="password" autoComplete="new-password" aria-describedby="new-password-hint" />
        </div>
        <button type="submit" className="govuk-button">Add user</button>
      </form>
    </>
  );
}
