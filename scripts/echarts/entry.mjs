// The ECharts Runboard ships: only the chart types, components and renderer its
// charms use (line charts on a workload page; bars and donuts on the overview; axis
// tooltips, legends, grids and the toolbox's box zoom). Built by scripts/setup.sh into
// public/vendor/echarts.min.js with esbuild; it exposes the same global `echarts` as
// the full dist build. A chart type added in Rust needs its module added here.
import * as echarts from "echarts/core";
import { BarChart, LineChart, PieChart } from "echarts/charts";
import {
  DataZoomComponent,
  GridComponent,
  LegendComponent,
  ToolboxComponent,
  TooltipComponent,
} from "echarts/components";
import { CanvasRenderer } from "echarts/renderers";

echarts.use([
  BarChart,
  LineChart,
  PieChart,
  DataZoomComponent,
  GridComponent,
  LegendComponent,
  ToolboxComponent,
  TooltipComponent,
  CanvasRenderer,
]);

export * from "echarts/core";
