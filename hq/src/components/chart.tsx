import type { EChartsOption } from 'echarts';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import ReactEChartsCoreModule from 'echarts-for-react/lib/core';

// echarts-for-react ships CommonJS only (lib/); depending on the bundler's interop its default
// export arrives as the component or as the module object holding it.
const ReactEChartsCore =
  (ReactEChartsCoreModule as unknown as { default?: typeof ReactEChartsCoreModule }).default ?? ReactEChartsCoreModule;

// Only the pieces the dashboard draws, so the chart chunk stays small.
echarts.use([LineChart, BarChart, GridComponent, TooltipComponent, LegendComponent, TitleComponent, CanvasRenderer]);

export function Chart(props: { option: EChartsOption; height?: number; testId?: string }) {
  return (
    <div data-testid={props.testId}>
      <ReactEChartsCore
        echarts={echarts}
        option={{ animation: false, ...props.option }}
        style={{ height: props.height ?? 300 }}
        notMerge
      />
    </div>
  );
}
