'use client';

import {
  Bar,
  BarChart as RBarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart as RLineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
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
  unit?: 'count' | 'gbp';
  height?: number;
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
  return (v: number) => (unit === 'gbp' ? GBP.format(v) : COUNT.format(v));
}

/**
 * Bars per category (grouped, or stacked). Only the drawing: components/charts/Chart.tsx wraps it
 * in the role="img" element with the alternative text and loads this module after the page.
 */
export function BarChartSvg({ data, series, stacked = false, unit = 'count', height = 360 }: ChartProps) {
  const id = `bar-${series.map((s) => s.key).join('-')}`.replace(/[^a-z0-9-]/gi, '');
  return (
    <>
      <ResponsiveContainer width="100%" height="100%" minWidth={0} initialDimension={{ width: 800, height }}>
        <RBarChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 16 }} accessibilityLayer={false}>
          <Patterns id={id} count={series.length} />
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="label" tick={{ fontSize: 13 }} interval={0} />
          <YAxis tickFormatter={tickFormatter(unit)} tick={{ fontSize: 13 }} width={unit === 'gbp' ? 80 : 50} />
          <Tooltip formatter={(v) => (typeof v === 'number' ? tickFormatter(unit)(v) : String(v))} />
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
export function LineChartSvg({ data, series, unit = 'count', height = 360 }: ChartProps) {
  return (
    <>
      <ResponsiveContainer width="100%" height="100%" minWidth={0} initialDimension={{ width: 800, height }}>
        <RLineChart data={data} margin={{ top: 8, right: 24, bottom: 8, left: 16 }} accessibilityLayer={false}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="label" tick={{ fontSize: 13 }} />
          <YAxis tickFormatter={tickFormatter(unit)} tick={{ fontSize: 13 }} width={50} />
          <Tooltip formatter={(v) => (typeof v === 'number' ? tickFormatter(unit)(v) : String(v))} />
          <Legend itemSorter={null} />
          {series.map((s, i) => (
            <Line
              key={s.key}
              dataKey={s.key}
              name={s.label}
              stroke={seriesStyle(i).colour}
              strokeDasharray={seriesStyle(i).dash}
              strokeWidth={2.5}
              dot={{ r: 4 }}
              connectNulls={false}
              isAnimationActive={false}
            />
          ))}
        </RLineChart>
      </ResponsiveContainer>
    </>
  );
}
