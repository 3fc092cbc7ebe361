import type { ReactNode } from 'react';
import { SubNavigation } from '@/components/ui/SubNavigation';

const ITEMS = [
  { href: '/dashboard', label: 'Overview' },
  { href: '/dashboard/import', label: 'Import data', prefix: true },
];

export default function DashboardLayout({ children }: { children: ReactNode }) {
  return (
    <>
      <SubNavigation label="Dashboard" items={ITEMS} />
      {children}
    </>
  );
}
