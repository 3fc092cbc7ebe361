import type { Metadata } from 'next';
import { TemplateFormat } from '@/components/imports/TemplateFormat';

export const metadata: Metadata = { title: 'Sufficiency template format' };

export default function FormatPage() {
  return <TemplateFormat />;
}
