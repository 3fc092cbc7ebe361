import { ViewPicker } from '@/components/ui/ViewPicker';
import { formatDate } from '@/lib/format';

export interface PickerCouncil {
  code: string;
  name: string;
  periods: readonly string[];
}

/** Chooses the council and the period (every period any council has, newest first). */
export function CouncilPeriodPicker({
  councils,
  la,
  period,
  action,
  carry,
}: {
  councils: readonly PickerCouncil[];
  la: string;
  period: string;
  action: string;
  /** Values already in the URL that the form keeps (e.g. the source of the figures). */
  carry?: Record<string, string | undefined>;
}) {
  const periods = [...new Set(councils.flatMap((c) => c.periods))].sort().reverse();
  return (
    <ViewPicker
      action={action}
      councils={councils}
      la={la}
      choice={{ name: 'period', label: 'Period ending', value: period, options: periods.map((p) => ({ value: p, label: formatDate(p) })) }}
      submitLabel="Show figures"
      carry={carry}
    />
  );
}
