import { importReasonText } from './import-reasons';

describe('The import report in Chinese', () => {
  test('When the BFF names a rejected row, Then the console says it in Chinese with the numbers kept', () => {
    expect(importReasonText('duplicate phone (first at line 2)')).toBe('手机号重复（首次出现在第 2 行）');
    expect(importReasonText('expected 6 fields, found 4')).toBe('应为 6 列，实际 4 列');
    expect(importReasonText('invalid phone')).toBe('手机号无效');
    expect(importReasonText('tier must be one of basic|silver|gold|diamond')).toBe(
      '等级须为 basic、silver、gold、diamond 之一',
    );
    expect(importReasonText('already imported with different balances')).toBe('已导入过，且余额与本次不同');
  });

  test('When a reason is not known to the console, Then it shows as the BFF wrote it', () => {
    expect(importReasonText('something new')).toBe('something new');
  });
});
