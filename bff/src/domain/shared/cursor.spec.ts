import { decodeCursor, encodeCursor, isText, isUlid } from './cursor';

describe('list cursors', () => {
  test('When a list reads back its own cursor, Then it gets the key it encoded', () => {
    const cursor = encodeCursor('stores', ['A-001']);
    expect(decodeCursor('stores', cursor, [isText(32)])).toEqual(['A-001']);
    expect(decodeCursor('stores', undefined, [isText(32)])).toBeNull();
  });

  test.each([
    ['garbage', 'garbage'],
    ['another list', encodeCursor('stores', ['01J0000000000000000000000Z'])],
    ['a value that fails its check', encodeCursor('audit-log', ['not-an-id'])],
    ['too many values', encodeCursor('audit-log', ['01J0000000000000000000000Z', 'x'])],
    ['JSON that is not a cursor', Buffer.from('[1,2]').toString('base64url')],
  ])('When the cursor is %s, Then 400 VALIDATION_FAILED', (_name, cursor) => {
    expect(() => decodeCursor('audit-log', cursor, [isUlid])).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED' }),
    );
  });
});
