import { chineseMessageFor } from './api/error-messages';
import { chainInstant, chainToday, DEFAULT_CHAIN_TIME_ZONE, dateTime, percent, setChainTimeZone, yuan } from './format';

describe('How the console shows money and time', () => {
  test('When an amount in fen is shown, Then it is ¥ with two decimals and grouped thousands', () => {
    expect(yuan(0)).toBe('¥0.00');
    expect(yuan(5)).toBe('¥0.05');
    expect(yuan(123456)).toBe('¥1,234.56');
    expect(yuan(-1050)).toBe('-¥10.50');
    expect(yuan(null)).toBe('—');
  });

  test('When an instant is shown, Then it is the chain time (Asia/Shanghai, UTC+8), not the browser zone', () => {
    expect(dateTime('2026-11-27T16:30:05.000Z')).toBe('2026-11-28 00:30:05');
    expect(dateTime(null)).toBe('—');
  });

  test('When the BFF names another chain zone, Then instants and chain days follow it (Tokyo, UTC+9)', () => {
    setChainTimeZone('Asia/Tokyo');
    try {
      expect(dateTime('2026-11-27T16:30:05.000Z')).toBe('2026-11-28 01:30:05');
      expect(chainInstant('2026-12-01', '00:00:00')).toBe('2026-11-30T15:00:00.000Z');
    } finally {
      setChainTimeZone(DEFAULT_CHAIN_TIME_ZONE);
    }
    expect(dateTime('2026-11-27T16:30:05.000Z')).toBe('2026-11-28 00:30:05');
    expect(chainToday()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  test('When a chain day and time are sent, Then they are the Shanghai wall clock as a UTC instant', () => {
    expect(chainInstant('2026-12-01', '00:00:00')).toBe('2026-11-30T16:00:00.000Z');
    expect(chainInstant('2026-12-31', '23:59:59')).toBe('2026-12-31T15:59:59.000Z');
  });

  test('When a ratio is shown, Then it is a percentage with one decimal', () => {
    expect(percent(0.3456)).toBe('34.6%');
  });
});

describe('Chinese sentences for the BFF refusals', () => {
  test('When HQ sees a code, Then its own wording wins, else the mini-program table, else the status class', () => {
    expect(chineseMessageFor('INVALID_CREDENTIALS', 401)).toBe('用户名或密码错误。');
    expect(chineseMessageFor('CODE_EXPIRED', 410)).toBe('会员码已过期，请让顾客刷新后重新扫描。');
    expect(chineseMessageFor('SOMETHING_NEW', 404)).toBe('未找到相关记录。');
    expect(chineseMessageFor('SOMETHING_NEW', 503)).toBe('服务暂时出错，请稍后重试。');
    expect(chineseMessageFor('SOMETHING_NEW', 400)).toBe('操作未成功，请检查后重试。');
  });
});
