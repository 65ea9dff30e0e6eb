import { isCalendarDate, LocalDateSchema, UlidSchema } from './common';

describe('dates and ids', () => {
  test.each(['2024-02-29', '2026-12-31', '1970-01-01', '2999-12-31'])(
    'When the date is %s, Then it is a calendar day',
    (value) => {
      expect(isCalendarDate(value)).toBe(true);
      expect(LocalDateSchema.safeParse(value).success).toBe(true);
    },
  );

  test.each(['2026-02-31', '2023-02-29', '0000-00-00', '2023-13-45', '9999-12-31', '2026-1-01', '2026-04-31'])(
    'When the date is %s, Then it is refused',
    (value) => {
      expect(LocalDateSchema.safeParse(value).success).toBe(false);
    },
  );

  test('When an id is not in canonical ULID form, Then it is refused', () => {
    expect(UlidSchema.safeParse('01J9ZQ4X8M3V7K2N5P6R8T0W1Y').success).toBe(true);
    expect(UlidSchema.safeParse('01j9zq4x8m3v7k2n5p6r8t0w1y').success).toBe(false);
    expect(UlidSchema.safeParse('01J9ZQ4X8M3V7K2N5P6R8T0W1YX').success).toBe(false);
    expect(UlidSchema.safeParse('01J9ZQ4X8M3V7K2N5P6R8T0WIL').success).toBe(false);
  });
});
