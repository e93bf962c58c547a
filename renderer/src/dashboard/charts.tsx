import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip, type ChartOptions } from 'chart.js';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { Bar } from 'react-chartjs-2';
import type { ScenarioStats, ScoreBucket } from '../../../shared/dashboard/types';
import { formatScore } from '../ui/format';
import { formatPercent } from './format';

// Only the pieces the bar charts use, so the rest of Chart.js stays out of the bundle.
Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend);

interface ChartPalette {
  first: string;
  second: string;
  text: string;
  grid: string;
  font: string;
}

function readPalette(): ChartPalette {
  const style = getComputedStyle(document.documentElement);
  const value = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  return {
    first: value('--dash-chart-1', '#2952c4'),
    second: value('--dash-chart-2', '#1b8a6b'),
    text: value('--text-muted', '#515b69'),
    grid: value('--dash-chart-grid', '#e3e7ed'),
    font: value('--font', 'system-ui'),
  };
}

/**
 * The chart colours from the theme's CSS variables. A canvas cannot use `var(...)`, so
 * they are read again whenever the app switches between light and dark.
 */
function usePalette(): ChartPalette {
  const [palette, setPalette] = useState(readPalette);
  useEffect(() => {
    const observer = new MutationObserver(() => setPalette(readPalette()));
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    return () => observer.disconnect();
  }, []);
  return palette;
}

function baseOptions(palette: ChartPalette): ChartOptions<'bar'> {
  return {
    responsive: true,
    maintainAspectRatio: false,
    // Numbers should be readable at once (and screenshots stable); no grow-in animation.
    animation: false,
    font: { family: palette.font },
    plugins: {
      legend: { labels: { color: palette.text, boxWidth: 12, boxHeight: 12, font: { family: palette.font, size: 12 } } },
      tooltip: { titleFont: { family: palette.font }, bodyFont: { family: palette.font } },
    },
  } as ChartOptions<'bar'>;
}

function axis(palette: ChartPalette, extra: Record<string, unknown> = {}) {
  return {
    ticks: { color: palette.text, font: { family: palette.font, size: 12 } },
    grid: { color: palette.grid },
    border: { color: palette.grid },
    ...extra,
  };
}

/**
 * A chart with its text alternative: the canvas is one image (role img) with a
 * one-sentence summary as its label; the numbers themselves are in a table that screen
 * readers read instead.
 */
function ChartFigure({ title, height, table, children, testId }: { title: string; height: number; table: ReactNode; children: ReactNode; testId: string }) {
  return (
    <figure className="dash-chart" data-testid={testId}>
      <figcaption className="dash-chart-title">{title}</figcaption>
      <div className="dash-chart-canvas" style={{ height }}>
        {children}
      </div>
      <div className="visually-hidden">{table}</div>
    </figure>
  );
}

/** Completion rate and average score of each scenario, side by side (both 0–100). */
export function ScenarioChart({ scenarios }: { scenarios: ScenarioStats[] }) {
  const palette = usePalette();
  const data = useMemo(
    () => ({
      labels: scenarios.map((scenario) => scenario.title),
      datasets: [
        { label: 'Completion rate (%)', data: scenarios.map((s) => s.completionRate ?? 0), backgroundColor: palette.first, borderRadius: 3, maxBarThickness: 18 },
        { label: 'Average score', data: scenarios.map((s) => s.averageScore ?? 0), backgroundColor: palette.second, borderRadius: 3, maxBarThickness: 18 },
      ],
    }),
    [scenarios, palette],
  );
  const options = useMemo<ChartOptions<'bar'>>(
    () => ({
      ...baseOptions(palette),
      indexAxis: 'y',
      scales: {
        x: axis(palette, { min: 0, max: 100, ticks: { color: palette.text, stepSize: 20 } }),
        y: axis(palette, { grid: { display: false }, ticks: { color: palette.text, autoSkip: false, font: { family: palette.font, size: 12.5 } } }),
      },
    }),
    [palette],
  );
  const best = [...scenarios].filter((s) => s.averageScore !== null).sort((a, b) => (b.averageScore ?? 0) - (a.averageScore ?? 0))[0];
  const summary =
    `Bar chart of completion rate and average score for ${scenarios.length} ${scenarios.length === 1 ? 'scenario' : 'scenarios'}.` +
    (best ? ` Highest average score: ${best.title}, ${formatScore(best.averageScore)}.` : '') +
    ' The table below lists every value.';
  return (
    <ChartFigure
      testId="scenario-chart"
      title="Completion rate and average score per scenario"
      height={Math.max(240, 64 + scenarios.length * 46)}
      table={
        <table>
          <caption>Completion rate and average score per scenario</caption>
          <thead>
            <tr>
              <th scope="col">Scenario</th>
              <th scope="col">Sessions</th>
              <th scope="col">Completion rate</th>
              <th scope="col">Average score</th>
            </tr>
          </thead>
          <tbody>
            {scenarios.map((scenario) => (
              <tr key={scenario.scenarioId}>
                <th scope="row">{scenario.title}</th>
                <td>{scenario.sessions}</td>
                <td>{formatPercent(scenario.completionRate)}</td>
                <td>{formatScore(scenario.averageScore)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    >
      <Bar data={data} options={options} role="img" aria-label={summary} />
    </ChartFigure>
  );
}

export const bucketLabel = (bucket: ScoreBucket): string => (bucket.to >= 100 ? `${bucket.from}–100` : `${bucket.from}–${bucket.to - 1}`);

/** How many completed sessions ended with a score in each band of ten points. */
export function ScoreHistogram({ buckets }: { buckets: ScoreBucket[] }) {
  const palette = usePalette();
  const total = buckets.reduce((sum, bucket) => sum + bucket.count, 0);
  const data = useMemo(
    () => ({
      labels: buckets.map(bucketLabel),
      datasets: [{ label: 'Completed sessions', data: buckets.map((bucket) => bucket.count), backgroundColor: palette.first, borderRadius: 3, categoryPercentage: 0.92, barPercentage: 0.96 }],
    }),
    [buckets, palette],
  );
  const options = useMemo<ChartOptions<'bar'>>(() => {
    const base = baseOptions(palette);
    return {
      ...base,
      plugins: { ...base.plugins, legend: { display: false } },
      scales: {
        x: axis(palette, {
          grid: { display: false },
          // Level labels, all of them: a tilted or skipped band label is hard to read.
          ticks: { color: palette.text, maxRotation: 0, autoSkip: false, font: { family: palette.font, size: 11 } },
          title: { display: true, text: 'Final score', color: palette.text },
        }),
        y: axis(palette, { beginAtZero: true, ticks: { color: palette.text, precision: 0 }, title: { display: true, text: 'Sessions', color: palette.text } }),
      },
    };
  }, [palette]);
  const busiest = buckets.reduce<ScoreBucket | null>((top, bucket) => (bucket.count > (top?.count ?? 0) ? bucket : top), null);
  const summary =
    `Histogram of the final scores of ${total} completed ${total === 1 ? 'session' : 'sessions'} in bands of ten points.` +
    (busiest ? ` Most sessions scored ${bucketLabel(busiest)} (${busiest.count}).` : '') +
    ' The table below lists every band.';
  return (
    <ChartFigure
      testId="score-histogram"
      title="Score distribution (completed sessions)"
      height={240}
      table={
        <table>
          <caption>Completed sessions by final score</caption>
          <thead>
            <tr>
              <th scope="col">Score</th>
              <th scope="col">Sessions</th>
            </tr>
          </thead>
          <tbody>
            {buckets.map((bucket) => (
              <tr key={bucket.from}>
                <th scope="row">{bucketLabel(bucket)}</th>
                <td>{bucket.count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    >
      <Bar data={data} options={options} role="img" aria-label={summary} />
    </ChartFigure>
  );
}
