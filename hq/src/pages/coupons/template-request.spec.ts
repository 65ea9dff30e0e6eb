import dayjs from 'dayjs';
import { describeValidity, describeValue } from './describe-template';
import { type FormValues, toRequest } from './template-request';

const base: FormValues = {
  name: '满100减20',
  type: 'AMOUNT_OFF',
  thresholdYuan: 100,
  valueYuan: 20,
  fold: null,
  maxDiscountYuan: null,
  validity: 'relative',
  validRange: null,
  validDays: 30,
  storeIds: [],
  stock: 100,
  perMemberLimit: 1,
  fundedBy: 'HQ',
  claimable: false,
  stackable: false,
};

describe('The coupon form as the request HQ sends', () => {
  test('When a 满减 of ¥20.00 from ¥100.00 for 30 days is filled in, Then fen, days and no percent are sent', () => {
    expect(toRequest(base)).toEqual({
      name: '满100减20',
      type: 'AMOUNT_OFF',
      thresholdFen: 10_000,
      valueFen: 2_000,
      validDays: 30,
      stock: 100,
      perMemberLimit: 1,
      claimable: false,
      stackable: false,
      fundedBy: 'HQ',
    });
  });

  test('When 8.5折 capped at ¥30.00 is chosen after typing an amount, Then 15 % off with the cap and no amount', () => {
    const request = toRequest({ ...base, type: 'PERCENT_OFF', fold: 8.5, maxDiscountYuan: 30, thresholdYuan: 0 });
    expect(request).toMatchObject({ percentOff: 15, maxDiscountFen: 3_000, thresholdFen: 0 });
    expect(request.valueFen).toBeUndefined();
  });

  test('When fixed dates are chosen, Then they run from 00:00 of the first to 23:59:59 of the last day in Shanghai', () => {
    const request = toRequest({
      ...base,
      validity: 'fixed',
      validDays: 30,
      validRange: [dayjs('2026-12-01'), dayjs('2026-12-31')],
    });
    expect(request.validFrom).toBe('2026-11-30T16:00:00.000Z');
    expect(request.validUntil).toBe('2026-12-31T15:59:59.000Z');
    expect(request.validDays).toBeUndefined();
  });

  test('When a gift worth ¥19.99 is limited to two stores and funded by one, Then its value is 1,999 fen and the scope is sent', () => {
    const request = toRequest({
      ...base,
      type: 'GIFT',
      valueYuan: 19.99,
      storeIds: ['S1', 'S2'],
      fundedBy: 'S1',
      stock: null,
      perMemberLimit: null,
    });
    expect(request).toMatchObject({ valueFen: 1_999, storeIds: ['S1', 'S2'], fundedBy: 'S1' });
    expect(request.stock).toBeUndefined();
    expect(request.perMemberLimit).toBeUndefined();
  });
});

describe('How a template reads in the list', () => {
  test('When each kind is shown, Then 满减, 折 with its cap and the gift read in Chinese with ¥ amounts', () => {
    expect(describeValue({ type: 'AMOUNT_OFF', thresholdFen: 10_000, valueFen: 2_000 })).toBe('满 ¥100.00 减 ¥20.00');
    expect(describeValue({ type: 'PERCENT_OFF', thresholdFen: 0, percentOff: 15, maxDiscountFen: 3_000 })).toBe(
      '无门槛 8.5折，最多减 ¥30.00',
    );
    expect(describeValue({ type: 'GIFT', thresholdFen: 5_000, valueFen: 1_200 })).toBe('满 ¥50.00 赠品（价值 ¥12.00）');
  });

  test('When validity is shown, Then relative days or the chain-time dates', () => {
    expect(describeValidity({ validDays: 30 })).toBe('领取后 30 天内有效');
    expect(describeValidity({ validFrom: '2026-11-30T16:00:00.000Z', validUntil: '2026-12-31T15:59:59.000Z' })).toBe(
      '2026-12-01 00:00:00 至 2026-12-31 23:59:59',
    );
  });
});
