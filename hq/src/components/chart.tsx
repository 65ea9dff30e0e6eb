import type { EChartsOption } from 'echarts';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import ReactEChartsCore from 'echarts-for-react/lib/core';

// Only the pieces the dashboard draws, so the chart chunk stays small.
echarts.use([LineChart, BarChart, GridComponent, TooltipComponent, LegendComponent, TitleComponent, CanvasRenderer]);

export function Chart(props: { option: EChartsOption; height?: number; testId?: string }) {
  return (
    <div data-testid={props.testId}>
      <ReactEChartsCore echarts={echarts} option={props.option} style={{ height: props.height ?? 300 }} notMerge />
    </div>
  );
}
