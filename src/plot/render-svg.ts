import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { View, Warn, logger, parse } from 'vega';
import { compile } from 'vega-lite';
import type { TopLevelSpec } from 'vega-lite';

/** A complete Vega-Lite specification, as built by the chart helpers of this folder. */
export type VegaLiteSpec = TopLevelSpec;

/**
 * Renders a Vega-Lite spec to an SVG document in Node, without a browser or canvas. Without the
 * optional `canvas` package vega estimates text widths from font size and character count, so
 * label layout is approximate but deterministic. Warnings and errors of vega and vega-lite go to
 * stderr (stdout carries our commands' JSON lines); info and debug messages are dropped.
 */
export async function renderSvg(spec: VegaLiteSpec): Promise<string> {
  const log = logger(Warn, 'error');
  const { spec: vegaSpec } = compile(spec, { logger: log });
  const view = new View(parse(vegaSpec), { renderer: 'none', logger: log });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Renders `spec` and writes it to `path`, creating the parent folder if needed. */
export async function writeSvg(path: string, spec: VegaLiteSpec): Promise<void> {
  const svg = await renderSvg(spec);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, svg, 'utf8');
}
