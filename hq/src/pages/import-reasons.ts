/** The import report's reasons (the BFF's English, shared with the CLI) in Chinese; an unknown one shows as it is. */
const REASONS: Array<[RegExp, (match: RegExpExecArray) => string]> = [
  [/^expected 6 fields, found (\d+)$/, (m) => `应为 6 列，实际 ${m[1]} 列`],
  [/^invalid phone$/, () => '手机号无效'],
  [/^points must be a non-negative integer$/, () => '积分须为非负整数'],
  [/^storedValueFen must be a non-negative integer \(fen\)$/, () => '储值须为非负整数（单位：分）'],
  [/^registeredAt is not a date$/, () => '注册日期无法识别'],
  [/^tier must be one of (.+)$/, (m) => `等级须为 ${m[1].split('|').join('、')} 之一`],
  [/^duplicate phone \(first at line (\d+)\)$/, (m) => `手机号重复（首次出现在第 ${m[1]} 行）`],
  [/^already imported with different balances$/, () => '已导入过，且余额与本次不同'],
];

export function importReasonText(reason: string): string {
  for (const [pattern, text] of REASONS) {
    const match = pattern.exec(reason);
    if (match) return text(match);
  }
  return reason;
}
