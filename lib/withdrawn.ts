import { formatDate } from './format';

export interface Withdrawal {
  code: string;
  name: string;
  withdrawnAt: string;
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The date and time a withdrawal took effect, in UK time, in words. */
export function withdrawnWhen(iso: string): string {
  const time = new Date(iso).toLocaleTimeString('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit' });
  const day = new Date(iso).toLocaleDateString('en-CA', { timeZone: 'Europe/London' });
  return `${formatDate(day)} at ${time}`;
}

/**
 * The short page a withdrawn council's bookmarked URL answers with (410 Gone). It stands alone
 * (the proxy sends it before the app renders), so it carries its own few styles and no script.
 */
export function withdrawnPageHtml(w: Withdrawal): string {
  const name = escape(w.name);
  return `<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${name}: needs withdrawn</title>
<link rel="alternate" type="application/atom+xml" title="${name}: publications and withdrawals" href="/needs/${w.code}/feed.xml">
<style>body{font-family:Arial,sans-serif;color:#0b0c0c;margin:0;line-height:1.5}main{max-width:40em;margin:0 auto;padding:30px 15px}h1{font-size:2rem}a{color:#1d70b8}a:focus{outline:3px solid #fd0;background:#fd0;color:#0b0c0c}</style>
</head>
<body>
<main id="main-content">
<h1>${name} has withdrawn its published needs</h1>
<p>${name} withdrew the needs it had published for providers on ${escape(withdrawnWhen(w.withdrawnAt))}. They are no longer published here.</p>
<p><a href="/needs">See the councils that publish their needs</a></p>
</main>
</body>
</html>
`;
}
