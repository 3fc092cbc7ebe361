'use client';

import dynamic from 'next/dynamic';
import type { ReactNode } from 'react';
import type { ChartProps } from './Charts';

// recharts is about 110 KB of gzipped script: loaded after the page, in the browser only, so no
// page's first load carries it (docs/benchmarks.md, first-load JavaScript). The element with the
// alternative text and the chart's height is rendered on the server, so nothing moves when the
// drawing arrives and assistive technology has the same thing either way; the table beside every
// chart holds its figures, with or without JavaScript.
const BarSvg = dynamic(() => import('./Charts').then((m) => m.BarChartSvg), { ssr: false });
const LineSvg = dynamic(() => import('./Charts').then((m) => m.LineChartSvg), { ssr: false });

function Frame({ alt, height, children }: { alt: string; height: number; children: ReactNode }) {
  return (
    <div role="img" aria-label={alt} className="app-figure__chart" style={{ height }}>
      {children}
      {/* Hidden by the stylesheet once the page runs scripts (body.js-enabled, set in app/layout.tsx). */}
      <p className="govuk-body-s app-figure__noscript">The chart needs JavaScript; the table below has the same figures.</p>
    </div>
  );
}

function framed(Svg: typeof BarSvg) {
  return function FramedChart(props: ChartProps) {
    const height = props.height ?? 360;
    return (
      <Frame alt={props.alt} height={height}>
        <Svg {...props} height={height} />
      </Frame>
    );
  };
}

/** Bars per category (grouped, or stacked), as an image with alternative text. */
export const BarChart = framed(BarSvg);

/** Lines over time, as an image with alternative text. */
export const LineChart = framed(LineSvg);
