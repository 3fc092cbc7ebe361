'use client';

import { useEffect } from 'react';

function focusSummary(el: Element | null) {
  if (!(el instanceof HTMLElement)) return;
  if (!el.hasAttribute('tabindex')) el.setAttribute('tabindex', '-1');
  el.focus();
}

/**
 * GOV.UK's pattern: after a validation error, focus moves to the error summary, so that screen
 * reader and keyboard users learn at once that something needs fixing. Watches for a summary
 * appearing (a form's answer rendered in place) as well as one on a freshly loaded page.
 */
export function ErrorSummaryFocus() {
  useEffect(() => {
    focusSummary(document.querySelector('.govuk-error-summary'));
    const observer = new MutationObserver((changes) => {
      for (const c of changes)
        for (const n of c.addedNodes) {
          if (!(n instanceof Element)) continue;
          const summary = n.matches('.govuk-error-summary') ? n : n.querySelector('.govuk-error-summary');
          if (summary) return focusSummary(summary);
        }
    });
    observer.observe(document.body, { childList: true, subtree: true });
    return () => observer.disconnect();
  }, []);
  return null;
}
