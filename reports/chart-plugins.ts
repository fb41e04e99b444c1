/**
 * The error-bar plugin, written once as browser-safe JavaScript source: the HTML report
 * inlines this text, and the Node renderer evaluates the same text, so both draw the
 * whiskers identically. chart.js has no error bars of its own.
 *
 * It draws, after the datasets, a vertical whisker with caps from `low` to `high` for every
 * point whose `dataset.errorBars[index]` is `[low, high]`, on the dataset's value axis, in
 * `dataset.errorBarColor` (default dark grey).
 */
import type { ChartType, Plugin } from 'chart.js';

export const ERROR_BARS_PLUGIN_SOURCE = `({
  id: 'errorBars',
  afterDatasetsDraw: function (chart) {
    var ctx = chart.ctx;
    chart.data.datasets.forEach(function (dataset, i) {
      var bars = dataset.errorBars;
      if (!bars || !chart.isDatasetVisible(i)) return;
      var meta = chart.getDatasetMeta(i);
      var scale = chart.scales[meta.yAxisID];
      if (!scale) return;
      ctx.save();
      ctx.strokeStyle = dataset.errorBarColor || '#222222';
      ctx.lineWidth = 1.5;
      meta.data.forEach(function (element, j) {
        var bar = bars[j];
        if (!bar || element.skip) return;
        var top = scale.getPixelForValue(bar[1]);
        var bottom = scale.getPixelForValue(bar[0]);
        if (!isFinite(top) || !isFinite(bottom)) return;
        var half = element.width ? Math.min(8, element.width / 4) : 4;
        ctx.beginPath();
        ctx.moveTo(element.x, top);
        ctx.lineTo(element.x, bottom);
        ctx.moveTo(element.x - half, top);
        ctx.lineTo(element.x + half, top);
        ctx.moveTo(element.x - half, bottom);
        ctx.lineTo(element.x + half, bottom);
        ctx.stroke();
      });
      ctx.restore();
    });
  }
})`;

/** The plugin as an object, for chart.js in Node. */
export function errorBarsPlugin(): Plugin<ChartType> {
  // The source is a constant of this module, not input: evaluating it is how the browser
  // and Node share one implementation.
  return new Function(`return ${ERROR_BARS_PLUGIN_SOURCE};`)() as Plugin<ChartType>;
}

/**
 * Keeps only the 1, 2 and 5 × 10^k ticks of a logarithmic axis, opted in per chart with
 * `options.plugins.logTicks125.axis` (the axis id). chart.js's own log ticks are every
 * integer mantissa, labelled at 1-2-3-5 and in the top fifth, which either crowds the top
 * labels or, with auto-skip, drops arbitrary ones (such as the 50 of a `p99<50ms` SLO).
 * Browser-safe source, shared like {@link ERROR_BARS_PLUGIN_SOURCE}.
 */
export const LOG_TICKS_125_PLUGIN_SOURCE = `({
  id: 'logTicks125',
  afterBuildTicks: function (chart, args, options) {
    var scale = args.scale;
    if (!options || options.axis !== scale.id || scale.type !== 'logarithmic') return;
    scale.ticks = scale.ticks.filter(function (tick) {
      if (!(tick.value > 0)) return false;
      var mantissa = tick.value / Math.pow(10, Math.floor(Math.log10(tick.value) + 1e-9));
      return [1, 2, 5, 10].some(function (m) { return Math.abs(mantissa - m) < 1e-6; });
    });
  }
})`;

/** {@link LOG_TICKS_125_PLUGIN_SOURCE} as an object, for chart.js in Node. */
export function logTicks125Plugin(): Plugin<ChartType> {
  return new Function(`return ${LOG_TICKS_125_PLUGIN_SOURCE};`)() as Plugin<ChartType>;
}

/**
 * Puts an axis's ticks at the given values only (those within the axis), opted in per chart
 * with `options.plugins.levelTicks` = `{ axis, values }`: a sweep's x axis is ticked at the
 * levels measured (1, 8, 32, 128, 512 connections), not at chart.js's 1…9 × 10^k. Each tick
 * is marked `significand: 1`, which is how chart.js's logarithmic formatter tells the ticks
 * it labels from those it leaves blank; the label itself is chart.js's number formatter with
 * the axis's own `ticks.format` (Intl.NumberFormat options) and the chart's `locale`.
 * Browser-safe source, shared like {@link ERROR_BARS_PLUGIN_SOURCE}.
 */
export const LEVEL_TICKS_PLUGIN_SOURCE = `({
  id: 'levelTicks',
  afterBuildTicks: function (chart, args, options) {
    var scale = args.scale;
    if (!options || options.axis !== scale.id || !Array.isArray(options.values)) return;
    scale.ticks = options.values
      .filter(function (value) { return value >= scale.min && value <= scale.max; })
      .map(function (value) { return { value: value, major: false, significand: 1 }; });
  }
})`;

/** {@link LEVEL_TICKS_PLUGIN_SOURCE} as an object, for chart.js in Node. */
export function levelTicksPlugin(): Plugin<ChartType> {
  return new Function(`return ${LEVEL_TICKS_PLUGIN_SOURCE};`)() as Plugin<ChartType>;
}
