import { markdownTable } from './run-all';

describe('npm run bench: the summary table', () => {
  test('When a figure has a same-run baseline, Then the ratio is value / baseline; failed requests are named; no baseline shows a dash', () => {
    const table = markdownTable([
      { bench: 'checkout', figure: 'checkouts/s', value: 30, baseline: { what: 'raw mysql2', value: 40 }, unit: '/s' },
      { bench: 'checkout', figure: 'hot member', value: 12.5, unit: '/s', errors: 3 },
      { bench: 'scale', figure: 'audit', value: null, unit: 'ms' },
    ]);
    expect(table.split('\n')).toEqual([
      '| bench | figure | value | baseline (same run) | ratio |',
      '| --- | --- | ---: | --- | ---: |',
      '| checkout | checkouts/s | 30 /s | 40 /s (raw mysql2) | 0.75 |',
      '| checkout | hot member (3 requests failed) | 12.5 /s | — | — |',
      '| scale | audit | — ms | — | — |',
    ]);
  });
});
