import type { FigureSource } from '../db/schema';

export const SOURCES: readonly FigureSource[] = ['template', 'ssda903', 'ssda903_return'];

/** Where a figure comes from, in words: every page and export that shows one says which. */
export const SOURCE_LABELS: Record<FigureSource, string> = {
  template: 'Sufficiency template',
  ssda903: 'SSDA903 returns, combined view',
  ssda903_return: "SSDA903, each year's own return",
};

export const SOURCE_DESCRIPTIONS: Record<FigureSource, string> = {
  template: "the council's sufficiency template v1 figures",
  ssda903:
    "derived from the council's SSDA903 returns, combined view: every return's episodes, the latest return's version of each episode winning",
  ssda903_return:
    "derived from the council's SSDA903 returns, each year's own return alone: what DfE publishes for that year",
};

export function parseSource(v: string | null | undefined): FigureSource | null {
  return SOURCES.includes(v as FigureSource) ? (v as FigureSource) : null;
}

/** The source a page shows: the one asked for if the council has it, else the first it has. */
export function chooseSource(available: readonly FigureSource[], asked: string | null | undefined): FigureSource | null {
  const s = parseSource(asked);
  if (s && available.includes(s)) return s;
  return available[0] ?? null;
}
