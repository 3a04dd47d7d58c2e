import { BarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

// Only the bar chart and what it needs: the whole of ECharts would triple the page's download.
echarts.use([BarChart, GridComponent, TooltipComponent, SVGRenderer]);

/**
 * Value delivered per month as bars (yuan). The chart is a picture for the eye; `label` names it for
 * screen readers, and the page lists the same figures as text beside it.
 */
export function ValueChart({
  months,
  label,
}: {
  months: readonly { month: string; totalFen: number }[];
  label: string;
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
    chart?.setOption({
      animation: false,
      grid: { left: 8, right: 8, top: 16, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis', valueFormatter: (value: unknown) => `¥${String(value)}` },
      xAxis: {
        type: 'category',
        data: months.map((m) => m.month.slice(2)),
        axisLabel: { fontSize: 14, color: '#111' },
      },
      yAxis: { type: 'value', axisLabel: { fontSize: 14, color: '#111' } },
      series: [{ type: 'bar', data: months.map((m) => m.totalFen / 100), itemStyle: { color: '#1d4ed8' } }],
    });
  }, [months]);

  return <div ref={host} role="img" aria-label={label} style={{ width: '100%', height: 240 }} />;
}
