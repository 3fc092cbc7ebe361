import { ViewPicker } from '@/components/ui/ViewPicker';
import { BENCHMARK_MEASURES } from '@/lib/benchmarks';

/** Chooses the council and the measure to benchmark. */
export function BenchmarkPicker({ councils, la, measure }: { councils: readonly { code: string; name: string }[]; la: string; measure: string }) {
  return (
    <ViewPicker
      action="/dashboard/benchmarks"
      councils={councils}
      la={la}
      choice={{
        name: 'measure',
        label: 'Measure',
        value: measure,
        options: [{ value: 'all', label: 'All measures' }, ...BENCHMARK_MEASURES.map((m) => ({ value: m.id, label: m.label }))],
      }}
      submitLabel="Show benchmarks"
    />
  );
}
