import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';

// Only the chart types drawn and what they need: the whole of ECharts would triple the page's download.
// This file is imported by lazily loaded pages only, so ECharts never enters the first load.
echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

/** Large, dark axis text: the charts are read by people who need their glasses. */
export const AXIS_TEXT = { fontSize: 15, color: '#111' };
/** Colours that stay apart for the colour-blind (Okabe–Ito), dark enough on white. */
export const COLOURS = [
  '#0b5cad',
  '#c2410c',
  '#047857',
  '#7c3aed',
  '#a16207',
  '#be185d',
  '#334155',
  '#0e7490',
  '#65a30d',
  '#9f1239',
  '#78716c',
];

/**
 * One ECharts chart, SVG-drawn. The chart is a picture for the eye: `label` names it for screen readers,
 * and a ChartTable beside it carries its numbers.
 */
export function EChart({
  option,
  label,
  height = 300,
  testId,
}: {
  option: echarts.EChartsCoreOption;
  label: string;
  height?: number;
  testId?: string;
}) {
  const host = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const element = host.current;
    if (!element) return;
    const chart = echarts.init(element, undefined, { renderer: 'svg' });
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, []);

  useEffect(() => {
    const element = host.current;
    const chart = element ? echarts.getInstanceByDom(element) : undefined;
    chart?.setOption(
      {
        animation: false,
        color: COLOURS,
        textStyle: { fontSize: 15 },
        ...option,
      },
      true,
    );
  }, [option]);

  return (
    <div ref={host} role="img" aria-label={label} data-testid={testId} style={{ width: '100%', height }} />
  );
}

/**
 * The chart's numbers as a real table with a caption, behind a "看表格" toggle a screen reader and a
 * keyboard reach like any button.
 */
export function ChartTable({
  caption,
  head,
  rows,
  testId,
}: {
  caption: string;
  head: readonly string[];
  rows: readonly (readonly (string | number)[])[];
  testId?: string;
}) {
  const { t } = useTranslation();
  return (
    <details className="linli-chart-table" data-testid={testId}>
      <summary>{t('stats.chart.showTable')}</summary>
      {/* A table wider than a phone scrolls in its own box, which the keyboard can reach and scroll. */}
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must take focus to be scrolled by keys */}
      <section style={{ overflowX: 'auto' }} tabIndex={0} aria-label={caption}>
        <table>
          <caption>{caption}</caption>
          <thead>
            <tr>
              {head.map((h) => (
                <th key={h} scope="col">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={String(row[0])}>
                {row.map((cell, i) =>
                  i === 0 ? (
                    <th key={head[i]} scope="row">
                      {cell}
                    </th>
                  ) : (
                    <td key={head[i]}>{cell}</td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </details>
  );
}

/** A chart with its heading, a sentence saying how to read it, and its table. */
export function ChartCard({
  title,
  desc,
  children,
  testId,
}: {
  title: string;
  desc: string;
  children: React.ReactNode;
  testId?: string;
}) {
  return (
    <section className="linli-card linli-chart-card" data-testid={testId} aria-label={title}>
      <h2 className="linli-subheading" style={{ marginTop: 0 }}>
        {title}
      </h2>
      <p style={{ fontSize: 17, margin: '0 0 8px' }}>{desc}</p>
      {children}
    </section>
  );
}

export function percentText(rate: number | null | undefined): string {
  return rate === null || rate === undefined ? '—' : `${Math.round(rate * 100)}%`;
}
