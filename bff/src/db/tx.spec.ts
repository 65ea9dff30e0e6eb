import { isRetryableTxError } from './tx';

describe('isRetryableTxError', () => {
  test('When MySQL/MariaDB or TiDB says the transaction should be run again, Then it is retried', () => {
    // 1213 deadlock, 1205 lock wait timeout; TiDB 8002, 8022, 8028, 9007 (docs/tidb.md).
    for (const errno of [1213, 1205, 8002, 8022, 8028, 9007]) {
      expect([errno, isRetryableTxError({ errno })]).toEqual([errno, true]);
      expect([errno, isRetryableTxError({ driverError: { errno } })]).toEqual([errno, true]);
    }
  });

  test('When the error is the request’s own (duplicate key, CHECK refused, syntax), Then it is not retried', () => {
    for (const errno of [1062, 4025, 3819, 1064])
      expect([errno, isRetryableTxError({ errno })]).toEqual([errno, false]);
    expect(isRetryableTxError(new Error('no errno'))).toBe(false);
  });
});
