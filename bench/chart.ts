import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { PROJECT_ROOT, RESULTS_DIR } from './provision/paths';

/**
 * `npm run bench:chart [-- <results.json>]`: latency (p50 and p99) against dataset size from a
 * `--scale` results file (the newest one by default), as bench/scale.svg. The SVG is written by
 * hand: one panel per query, log scales on both axes, offset 0 in blue and the deep offset in
 * orange, p50 solid and p99 dashed.
 */

export const CHART_FILE = join(PROJECT_ROOT, 'bench', 'scale.svg');

interface Measurement {
  articles: number;
  query: string;
  offset: number;
  p50: number;
  p99: number;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? Object.fromEntries(Object.entries(value))
    : undefined;
}

function numberAt(value: Record<string, unknown> | undefined, key: string): number | undefined {
  const found = value?.[key];
  return typeof found === 'number' ? found : undefined;
}

/** The measurements of a `--scale` results file; throws saying what is missing. */
export function readScaleResults(file: string): Measurement[] {
  const results = record(JSON.parse(readFileSync(file, 'utf8')));
  const points = results?.points;
  if (results?.kind !== 'scale' || !Array.isArray(points)) {
    throw new Error(`${file} is not the results of npm run bench -- --scale`);
  }
  return points.flatMap((point: unknown) => {
    const fields = record(point);
    const articles = numberAt(fields, 'articles');
    const runs = fields?.runs;
    if (articles === undefined || !Array.isArray(runs)) return [];
    return runs.flatMap((run: unknown) => {
      const runFields = record(run);
      const latency = record(runFields?.latencyMs);
      const query = runFields?.query;
      const offset = numberAt(runFields, 'offset');
      const p50 = numberAt(latency, 'p50');
      const p99 = numberAt(latency, 'p99');
      if (
        typeof query !== 'string' ||
        offset === undefined ||
        p50 === undefined ||
        p99 === undefined
      )
        return [];
      return [{ articles, query, offset, p50, p99 }];
    });
  });
}

const PANEL_WIDTH = 440;
const PANEL_HEIGHT = 300;
const MARGIN = { left: 64, right: 16, top: 36, bottom: 44 };
const LEGEND_HEIGHT = 56;
const COLORS = { first: '#1f77b4', deep: '#ff7f0e' };

function escapeXml(text: string): string {
  return text.replace(/[<>&"]/g, (char) => `&#${char.charCodeAt(0)};`);
}

function sizeLabel(articles: number): string {
  if (articles >= 1_000_000) return `${articles / 1_000_000}M`;
  if (articles >= 1_000) return `${articles / 1_000}k`;
  return String(articles);
}

function latencyLabel(ms: number): string {
  return ms >= 1000 ? `${ms / 1000} s` : `${ms} ms`;
}

/** A log10 scale from [min, max] to [from, to], padded when the range is a single value. */
function logScale(min: number, max: number, from: number, to: number) {
  const low = Math.log10(min) - (min === max ? 0.5 : 0);
  const high = Math.log10(max) + (min === max ? 0.5 : 0);
  return (value: number): number => from + ((Math.log10(value) - low) / (high - low)) * (to - from);
}

function panel(
  query: string,
  measurements: readonly Measurement[],
  x0: number,
  y0: number,
): string {
  const sizes = [...new Set(measurements.map((m) => m.articles))].toSorted((a, b) => a - b);
  const latencies = measurements.flatMap((m) => [m.p50, m.p99]).map((ms) => Math.max(ms, 0.1));
  const decadeLow = 10 ** Math.floor(Math.log10(Math.min(...latencies)));
  const decadeHigh = 10 ** Math.ceil(Math.log10(Math.max(...latencies)));
  const plotLeft = x0 + MARGIN.left;
  const plotRight = x0 + PANEL_WIDTH - MARGIN.right;
  const plotTop = y0 + MARGIN.top;
  const plotBottom = y0 + PANEL_HEIGHT - MARGIN.bottom;
  const x = logScale(sizes[0], sizes.at(-1) ?? sizes[0], plotLeft + 20, plotRight - 20);
  const y = logScale(decadeLow, decadeHigh, plotBottom, plotTop);
  const parts = [
    `<text x="${x0 + PANEL_WIDTH / 2}" y="${y0 + 22}" text-anchor="middle" font-weight="bold">${escapeXml(query)}</text>`,
    `<rect x="${plotLeft}" y="${plotTop}" width="${plotRight - plotLeft}" height="${plotBottom - plotTop}" fill="none" stroke="#999"/>`,
  ];
  for (let decade = decadeLow; decade <= decadeHigh; decade *= 10) {
    const py = y(decade).toFixed(1);
    parts.push(
      `<line x1="${plotLeft}" x2="${plotRight}" y1="${py}" y2="${py}" stroke="#eee"/>`,
      `<text x="${plotLeft - 6}" y="${py}" text-anchor="end" dominant-baseline="middle">${latencyLabel(Number(decade.toPrecision(1)))}</text>`,
    );
  }
  for (const size of sizes) {
    const px = x(size).toFixed(1);
    parts.push(
      `<line x1="${px}" x2="${px}" y1="${plotTop}" y2="${plotBottom}" stroke="#eee"/>`,
      `<text x="${px}" y="${plotBottom + 16}" text-anchor="middle">${sizeLabel(size)}</text>`,
    );
  }
  parts.push(
    `<text x="${(plotLeft + plotRight) / 2}" y="${plotBottom + 34}" text-anchor="middle" fill="#555">articles</text>`,
  );
  const depths: ['first' | 'deep', (m: Measurement) => boolean][] = [
    ['first', (m) => m.offset === 0],
    ['deep', (m) => m.offset !== 0],
  ];
  for (const [depth, matches] of depths) {
    const series = measurements.filter(matches).toSorted((a, b) => a.articles - b.articles);
    for (const [percentile, dash] of [
      ['p50', ''],
      ['p99', ' stroke-dasharray="5 4"'],
    ] as const) {
      const points = series.map(
        (m) => `${x(m.articles).toFixed(1)},${y(Math.max(m[percentile], 0.1)).toFixed(1)}`,
      );
      if (points.length === 0) continue;
      parts.push(
        `<polyline points="${points.join(' ')}" fill="none" stroke="${COLORS[depth]}" stroke-width="2"${dash}/>`,
        ...points.map((point) => {
          const [cx, cy] = point.split(',');
          return `<circle cx="${cx}" cy="${cy}" r="3" fill="${COLORS[depth]}"/>`;
        }),
      );
    }
  }
  return parts.join('\n');
}

export function renderChart(measurements: readonly Measurement[], subtitle: string): string {
  const queries = [...new Set(measurements.map((m) => m.query))];
  const columns = 2;
  const rows = Math.ceil(queries.length / columns);
  const width = PANEL_WIDTH * columns;
  const height = LEGEND_HEIGHT + PANEL_HEIGHT * rows;
  const deepOffsets = [...new Set(measurements.filter((m) => m.offset !== 0).map((m) => m.offset))];
  const legend = [
    `<text x="12" y="20" font-weight="bold">Latency against dataset size (signed in, log scales) — ${escapeXml(subtitle)}</text>`,
    `<line x1="12" x2="40" y1="40" y2="40" stroke="${COLORS.first}" stroke-width="2"/><text x="46" y="40" dominant-baseline="middle">offset 0</text>`,
    `<line x1="130" x2="158" y1="40" y2="40" stroke="${COLORS.deep}" stroke-width="2"/><text x="164" y="40" dominant-baseline="middle">offset ${deepOffsets.join('/') || 'deep'}</text>`,
    `<line x1="300" x2="328" y1="40" y2="40" stroke="#333" stroke-width="2"/><text x="334" y="40" dominant-baseline="middle">p50</text>`,
    `<line x1="380" x2="408" y1="40" y2="40" stroke="#333" stroke-width="2" stroke-dasharray="5 4"/><text x="414" y="40" dominant-baseline="middle">p99</text>`,
  ];
  const panels = queries.map((query, index) =>
    panel(
      query,
      measurements.filter((m) => m.query === query),
      (index % columns) * PANEL_WIDTH,
      LEGEND_HEIGHT + Math.floor(index / columns) * PANEL_HEIGHT,
    ),
  );
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    ...legend,
    ...panels,
    '</svg>',
    '',
  ].join('\n');
}

function newestScaleResults(): string {
  const files = readdirSync(RESULTS_DIR)
    .filter((name) => name.endsWith('-scale.json'))
    .toSorted();
  const newest = files.at(-1);
  if (newest === undefined) {
    throw new Error(`no *-scale.json in ${RESULTS_DIR}: run npm run bench -- --scale first`);
  }
  return join(RESULTS_DIR, newest);
}

/** Writes bench/scale.svg from a results file; returns the chart's path. */
export function writeScaleChart(resultsFile: string): string {
  const measurements = readScaleResults(resultsFile);
  if (measurements.length === 0) throw new Error(`${resultsFile} holds no measurement`);
  writeFileSync(CHART_FILE, renderChart(measurements, relative(PROJECT_ROOT, resultsFile)));
  return CHART_FILE;
}

if (require.main === module) {
  try {
    const file = process.argv[2] ?? newestScaleResults();
    console.log(`bench:chart: ${writeScaleChart(file)} from ${file}`);
  } catch (error) {
    console.error(`bench:chart: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
