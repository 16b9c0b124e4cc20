// The ECharts a workload page loads: line charts with axis tooltips, legends, grids
// and the toolbox's box zoom, on canvas. Built by scripts/setup.sh into
// public/vendor/echarts-lines.min.js with esbuild, exposing a global `echarts` with
// what the dashboard calls (`init`, `getInstanceByDom`). A chart type or component
// added to the line charts the server builds (`line_chart_option`) needs its module
// added here.
import * as echarts from "echarts/core";
import { LineChart } from "echarts/charts";
import {
  DataZoomComponent,
  GridComponent,
  LegendComponent,
  ToolboxComponent,
  TooltipComponent,
} from "echarts/components";
import { CanvasRenderer } from "echarts/renderers";

echarts.use([
  LineChart,
  DataZoomComponent,
  GridComponent,
  LegendComponent,
  ToolboxComponent,
  TooltipComponent,
  CanvasRenderer,
]);

export { getInstanceByDom, init } from "echarts/core";
