import type { ReactNode } from 'react';

/**
 * A box that scrolls a wide table sideways instead of the page. It takes focus, so that keyboard
 * users can scroll it too, and is named after the table.
 */
export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex
    <div className="app-table-wrapper" role="region" aria-label={`${label} (scrolls sideways)`} tabIndex={0}>
      {children}
    </div>
  );
}
