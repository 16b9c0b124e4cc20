// The ECharts the overview and the ledger load: bars and donuts, and the lines of the
// ledger's budgets, with tooltips, legends and grids, on canvas. Built by scripts/setup.sh into
// public/vendor/echarts-bars.min.js with esbuild, exposing a global `echarts` with what
// the dashboard calls (`init`, `getInstanceByDom`). A chart type or component added to
// the bar and donut charts the server builds (the overview's telemetry, the ledger's
// trend) needs its module added here.
import * as echarts from "echarts/core";
import { BarChart, LineChart, PieChart } from "echarts/charts";
import { GridComponent, LegendComponent, TooltipComponent } from "echarts/components";
import { CanvasRenderer } from "echarts/renderers";

echarts.use([BarChart, LineChart, PieChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export { getInstanceByDom, init } from "echarts/core";
