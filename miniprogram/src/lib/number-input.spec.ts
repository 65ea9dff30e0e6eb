import { numberInputType, parseMoneyText, parsePointsText } from './number-input';

describe('number fields', () => {
  it('When whole points are typed, Then they are taken as typed', () => {
    expect(parsePointsText('12')).toEqual({ ok: true, value: 12 });
    expect(parsePointsText(' 0 ')).toEqual({ ok: true, value: 0 });
    expect(parsePointsText('１２')).toEqual({ ok: true, value: 12 });
  });

  it('When points have decimals, a sign or letters, Then they are refused with the reason', () => {
    expect(parsePointsText('12.5')).toEqual({ ok: false, message: '积分须为整数，不能有小数。' });
    expect(parsePointsText('-5', '抵扣积分')).toEqual({ ok: false, message: '抵扣积分不能为负数。' });
    expect(parsePointsText('12a')).toEqual({ ok: false, message: '积分只能填数字。' });
    expect(parsePointsText('')).toEqual({ ok: false, message: '请输入积分。' });
    expect(parsePointsText('1000000001')).toEqual({ ok: false, message: '积分超出上限。' });
  });

  it('When money has up to two decimals, Then it becomes integer fen', () => {
    expect(parseMoneyText('12')).toEqual({ ok: true, value: 1_200 });
    expect(parseMoneyText('12.3')).toEqual({ ok: true, value: 1_230 });
    expect(parseMoneyText('12.34')).toEqual({ ok: true, value: 1_234 });
    expect(parseMoneyText('0.07')).toEqual({ ok: true, value: 7 });
    expect(parseMoneyText('.5')).toEqual({ ok: true, value: 50 });
    expect(parseMoneyText('12.')).toEqual({ ok: true, value: 1_200 });
    expect(parseMoneyText('８８．８')).toEqual({ ok: true, value: 8_880 });
  });

  it('When money is negative, has three decimals or is not a number, Then it is refused with the reason', () => {
    expect(parseMoneyText('-5', '退款金额')).toEqual({ ok: false, message: '退款金额不能为负数。' });
    expect(parseMoneyText('12.345')).toEqual({ ok: false, message: '金额最多两位小数（精确到分）。' });
    expect(parseMoneyText('1,000')).toEqual({ ok: false, message: '金额只能填数字。' });
    expect(parseMoneyText('1.2.3')).toEqual({ ok: false, message: '金额只能填数字。' });
    expect(parseMoneyText('100000001')).toEqual({ ok: false, message: '金额超出上限。' });
  });

  it('When the build is H5, Then number fields take text (the browser input would drop the dot or the sign)', () => {
    expect(numberInputType('points')).toBe('text');
    expect(numberInputType('money')).toBe('text');
  });
});
