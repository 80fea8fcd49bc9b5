// Charts of the dashboards, drawn by Apache ECharts: the webjar org.webjars.npm:echarts (pom.xml's echarts.version)
// on the app's classpath, served at webjars/… by Spring Boot; no CDN, no Node at run time. The library is loaded the
// first time a chart is drawn, so the operators' screens never fetch it.
//
// A chart is an image to assistive technology (role="img") named by a sentence of what it shows (dashboards.js
// chartSummary); every chart sits next to a table with its figures, which is what a keyboard or screen reader uses.
import { h } from './dom.js';

const ECHARTS = new URL('../webjars/echarts/5.3.1/dist/echarts.esm.min.js', import.meta.url).href;
let library = null;

function echarts() {
  library ??= import(ECHARTS);
  return library;
}

const dark = () => globalThis.matchMedia?.('(prefers-color-scheme: dark)').matches ?? false;

/**
 * An empty chart box: `chart.draw(spec)` draws into it (again on each call), `chart.dispose()` frees it.
 * spec: {series: [{name, points: [[x, y], …], stack?}], type: 'line' | 'bar', x: 'time' | 'category',
 * categories (for 'category'), yName, percent (y from 0 to 1, shown as %), integer (whole numbers on the y axis),
 * stacked (bars on top of each other),
 * summary (the aria-label)}.
 */
export function chartBox(label) {
  const el = h('div', { class: 'chart', role: 'img', 'aria-label': `${label}: loading` });
  let instance = null;
  let disposed = false;
  const resize = new ResizeObserver(() => instance?.resize());
  resize.observe(el);
  return {
    el,
    async draw(spec) {
      el.setAttribute('aria-label', spec.summary);
      const lib = await echarts();
      if (disposed) return;
      instance ??= lib.init(el, dark() ? 'dark' : null, { renderer: 'canvas' });
      instance.setOption(options(spec), { notMerge: true });
      el.dataset.drawn = String(spec.series.length);
    },
    dispose() {
      disposed = true;
      resize.disconnect();
      instance?.dispose();
    },
  };
}

function options({ series, type = 'line', x = 'time', categories, yName, percent = false, integer = false, stacked = false }) {
  return {
    animation: false,
    backgroundColor: 'transparent',
    tooltip: { trigger: 'axis', valueFormatter: percent ? (v) => (v === null || v === undefined ? '—' : `${(v * 100).toFixed(1)} %`) : undefined },
    legend: { type: 'scroll', top: 0 },
    grid: { left: 16, right: 24, top: 48, bottom: 16, containLabel: true },
    xAxis: x === 'time' ? { type: 'time' } : { type: 'category', data: categories },
    yAxis: {
      type: 'value',
      name: yName,
      nameTextStyle: { align: 'left' },
      min: percent ? 0 : undefined,
      max: percent ? 1 : undefined,
      minInterval: integer ? 1 : undefined,
      axisLabel: percent ? { formatter: (v) => `${Math.round(v * 100)} %` } : {},
    },
    series: series.map((s) => ({
      name: s.name,
      type,
      data: s.points,
      stack: stacked ? (s.stack ?? 'all') : undefined,
      showSymbol: type === 'line',
      barMaxWidth: 48,
      connectNulls: false,
    })),
  };
}
