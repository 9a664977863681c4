import { useMemo } from 'react';
import { Plot } from '../../components/Plot';

/** One point with its confidence interval against a red zero line: "is the difference clear of zero?" */
export function DifferenceChart(props: {
  difference: number;
  lower: number;
  upper: number;
  significant: boolean;
  axis: string;
  testId?: string;
}) {
  const { difference, lower, upper, significant, axis, testId } = props;
  const data = useMemo(
    () => [
      {
        type: 'scatter',
        mode: 'markers',
        x: [difference],
        y: ['treatment − control'],
        error_x: { type: 'data', symmetric: false, array: [upper - difference], arrayminus: [difference - lower] },
        marker: { size: 12, color: significant ? '#2f6fde' : '#8a93a6' },
      },
    ],
    [difference, lower, upper, significant],
  );
  const layout = useMemo(
    () => ({
      xaxis: { title: { text: axis }, zeroline: true, zerolinewidth: 2, zerolinecolor: '#c23b3b' },
      yaxis: { automargin: true },
      showlegend: false,
    }),
    [axis],
  );
  return <Plot data={data} layout={layout} height={170} testId={testId} />;
}
