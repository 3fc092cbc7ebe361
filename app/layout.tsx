import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { ErrorSummaryFocus } from '@/components/ui/ErrorSummaryFocus';
import { Footer } from '@/components/ui/Footer';
import { ServiceNavigation } from '@/components/ui/ServiceNavigation';
import './globals.scss';

export const metadata: Metadata = {
  title: { default: 'Sufficiency', template: '%s – Sufficiency' },
  description:
    "Placement sufficiency for English councils' children's services: demand against in-house and commissioned capacity, and the needs councils publish for providers.",
};

const NAV = [
  { href: '/', label: 'Home' },
  { href: '/needs', label: 'Published needs', prefix: true },
  { href: '/dashboard', label: 'Dashboard', prefix: true },
];

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en-GB" className="govuk-template">
      <body className="govuk-template__body" suppressHydrationWarning>
        {/* GOV.UK's pattern: marks the page as running scripts before it is painted, so what is only
            for pages without JavaScript (the note in a chart's place) can be hidden by CSS at once. */}
        <script dangerouslySetInnerHTML={{ __html: "document.body.className += ' js-enabled';" }} />
        <a href="#main-content" className="govuk-skip-link">
          Skip to main content
        </a>
        <ServiceNavigation serviceName="Sufficiency" items={NAV} />
        <div className="govuk-width-container">
          <main className="govuk-main-wrapper" id="main-content">
            {children}
          </main>
        </div>
        <Footer />
        <ErrorSummaryFocus />
      </body>
    </html>
  );
}
