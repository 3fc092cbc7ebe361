'use client';

import {
  Area,
  Bar,
  ComposedChart,
  BarChart as RBarChart,
  CartesianGrid,
  Legend,
  Line,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { niceTicks } from '@/lib/chartScale';
import { seriesStyle } from './palette';

export interface ChartSeries {
  key: string;
  label: string;
}

export interface ChartProps {
  /** One object per category (x axis), with `label` and a number (or null) per series key. */
  data: Array<Record<string, string | number | null>>;
  series: ChartSeries[];
  /** Alternative text: required, the chart is an image to assistive technology (the table beside it has the data). */
  alt: string;
  stacked?: boolean;
  unit?: 'count' | 'gbp' | 'percent';
  height?: number;
  /** Bars drawn across, the category labels down the side (for long labels). */
  horizontal?: boolean;
  /** Lines only: a light shaded band between two keys of `data` (uncertainty around a central line). */
  band?: { low: string; high: string; label: string };
}

const COUNT = new Intl.NumberFormat('en-GB');
const GBP = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP', maximumFractionDigits: 0 });

function Patterns({ id, count }: { id: string; count: number }) {
  return (
    <defs>
      {Array.from({ length: count }, (_, i) => {
        const s = seriesStyle(i);
        const pid = `${id}-p${i}`;
        return (
          <pattern key={pid} id={pid} patternUnits="userSpaceOnUse" width="8" height="8">
            <rect width="8" height="8" fill={s.colour} />
            {s.pattern === 'stripes' && <path d="M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4" stroke="#fff" strokeWidth="1.5" />}
            {s.pattern === 'back-stripes' && <path d="M-2,6 l4,4 M0,0 l8,8 M6,-2 l4,4" stroke="#fff" strokeWidth="1.5" />}
            {s.pattern === 'dots' && <circle cx="4" cy="4" r="1.6" fill="#fff" />}
            {s.pattern === 'cross' && <path d="M0,0 l8,8 M8,0 l-8,8" stroke="#fff" strokeWidth="1" />}
            {s.pattern === 'grid' && <path d="M4,0 v8 M0,4 h8" stroke="#fff" strokeWidth="1" />}
            {s.pattern === 'vertical' && <path d="M4,0 v8" stroke="#fff" strokeWidth="2" />}
            {s.pattern === 'horizontal' && <path d="M0,4 h8" stroke="#fff" strokeWidth="2" />}
          </pattern>
        );
      })}
    </defs>
  );
}

function tickFormatter(unit: ChartProps['unit']) {
  return (v: number) => (unit === 'gbp' ? GBP.format(v) : unit === 'percent' ? `${COUNT.format(v)}%` : COUNT.format(v));
}

/** The value axis: ticks of 1, 2 or 5 times a power of ten from zero past the largest value (or stack). */
function valueScale(data: ChartProps['data'], series: ChartSeries[], stacked: boolean, fromZero = true) {
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
  const present = (v: unknown) => typeof v === 'number' && Number.isFinite(v);
  const values = data.flatMap((r) =>
    stacked ? [series.reduce((t, s) => t + num(r[s.key]), 0)] : series.filter((s) => fromZero || present(r[s.key])).map((s) => num(r[s.key])),
  );
  const whole = values.every((v) => Number.isInteger(v));
  return niceTicks(Math.min(...values, fromZero ? 0 : Infinity), Math.max(...values, fromZero ? 0 : -Infinity), 5, whole, fromZero);
}

/** Half the width of a label, at about 7.5 px a character in 13 px Arial. */
function halfLabel(label: unknown): number {
  return Math.min(60, Math.ceil((String(label ?? '').length * 7.5) / 2) + 4);
}

/** Room for the longest tick label, at about 7.5 px a character in 13 px Arial. */
function labelWidth(labels: readonly string[], max: number): number {
  return Math.min(max, Math.max(32, ...labels.map((l) => Math.ceil(l.length * 7.5) + 10)));
}

/**
 * Bars per category (grouped, or stacked). Only the drawing: components/charts/Chart.tsx wraps it
 * in the role="img" element with the alternative text and loads this module after the page.
 */
export function BarChartSvg({ data, series, stacked = false, unit = 'count', height = 360, horizontal = false }: ChartProps) {
  const id = `bar-${series.map((s) => s.key).join('-')}`.replace(/[^a-z0-9-]/gi, '');
  const scale = valueScale(data, series, stacked);
  const format = tickFormatter(unit);
  const valueWidth = labelWidth(scale.ticks.map(format), 90);
  return (
    <>
      <ResponsiveContainer width="100%" height="100%" minWidth={0} initialDimension={{ width: 800, height }}>
        <RBarChart data={data} layout={horizontal ? 'vertical' : 'horizontal'} margin={{ top: 8, right: 24, bottom: 8, left: 8 }} accessibilityLayer={false}>
          <Patterns id={id} count={series.length} />
          <CartesianGrid strokeDasharray="3 3" vertical={horizontal} horizontal={!horizontal} />
          {horizontal ? (
            <>
              {/* Recharts leaves out tick labels that would overlap (its default interval). */}
              {/* Zero goes unlabelled: the bars start there, and its label would sit under the last category's. */}
              <XAxis type="number" domain={scale.domain} ticks={scale.ticks} tickFormatter={(v: number) => (v === 0 ? '' : format(v))} tick={{ fontSize: 13 }} minTickGap={8} />
              <YAxis type="category" dataKey="label" tick={{ fontSize: 13 }} interval={0} width={labelWidth(data.map((d) => String(d.label)), 170)} />
            </>
          ) : (
            <>
              <XAxis dataKey="label" tick={{ fontSize: 13 }} interval="preserveStartEnd" minTickGap={6} padding={{ left: halfLabel(data[0]?.label) / 2, right: halfLabel(data[data.length - 1]?.label) / 2 }} />
              <YAxis domain={scale.domain} ticks={scale.ticks} tickFormatter={format} tick={{ fontSize: 13 }} width={valueWidth} />
            </>
          )}
          <Tooltip formatter={(v) => (typeof v === 'number' ? format(v) : String(v))} />
          <Legend itemSorter={null} />
          {series.map((s, i) => (
            <Bar
              key={s.key}
              dataKey={s.key}
              name={s.label}
              fill={`url(#${id}-p${i})`}
              stroke={seriesStyle(i).colour}
              stackId={stacked ? 'stack' : undefined}
              isAnimationActive={false}
            />
          ))}
        </RBarChart>
      </ResponsiveContainer>
    </>
  );
}

/** Lines over time, each with its own dash pattern and marker as well as colour (the drawing only, as above). */
export function LineChartSvg({ data, series, unit = 'count', height = 360, band }: ChartProps) {
  const scale = valueScale(data, band ? [...series, { key: band.low, label: band.label }, { key: band.high, label: band.label }] : series, false, false);
  const format = tickFormatter(unit);
  // A marker at every point only where there are few (a forecast's 36 months would be a row of dots).
  const dots = data.length <= 12;
  const single = (key: string) => data.filter((d) => typeof d[key] === 'number').length === 1;
  return (
    <>
      <ResponsiveContainer width="100%" height="100%" minWidth={0} initialDimension={{ width: 800, height }}>
        <ComposedChart data={data} margin={{ top: 8, right: 24, bottom: 8, left: 16 }} accessibilityLayer={false}>
          {band && (
            <Area
              dataKey={(d: Record<string, number | null>) => (d[band.low] == null || d[band.high] == null ? null : [d[band.low], d[band.high]])}
              name={band.label}
              fill={seriesStyle(0).colour}
              fillOpacity={0.18}
              stroke="none"
              connectNulls={false}
              isAnimationActive={false}
            />
          )}
          <CartesianGrid strokeDasharray="3 3" />
          {/* Padded by half the first and last labels, so that neither runs into the value axis's labels. */}
          <XAxis dataKey="label" tick={{ fontSize: 13 }} interval="preserveStartEnd" minTickGap={12} padding={{ left: halfLabel(data[0]?.label), right: halfLabel(data[data.length - 1]?.label) }} />
          <YAxis domain={scale.domain} ticks={scale.ticks} tickFormatter={format} tick={{ fontSize: 13 }} width={labelWidth(scale.ticks.map(format), 90)} />
          <Tooltip formatter={(v) => (typeof v === 'number' ? format(v) : String(v))} />
          <Legend itemSorter={null} />
          {series.map((s, i) => (
            <Line
              key={s.key}
              dataKey={s.key}
              name={s.label}
              stroke={seriesStyle(i).colour}
              strokeDasharray={seriesStyle(i).dash}
              strokeWidth={2.5}
              // A series of one point (a priority's target on its date) has no line to draw: a large marker instead.
              dot={single(s.key) ? { r: 7, strokeDasharray: 'none', fill: '#fff', strokeWidth: 3 } : dots ? { r: 4 } : false}
              connectNulls={false}
              isAnimationActive={false}
            />
          ))}
        </ComposedChart>
      </ResponsiveContainer>
    </>
  );
}
