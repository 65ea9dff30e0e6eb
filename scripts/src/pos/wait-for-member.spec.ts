import { tillEntry } from './wait-for-member';

describe('tillEntry', () => {
  test.each([
    ['258013', { pin: '258013' }],
    [' 258013 ', { pin: '258013' }],
    ['m482913', { approvalCode: '482913' }],
    ['M 482913', { approvalCode: '482913' }],
    ['码482913', { approvalCode: '482913' }],
    ['12345', null],
    ['m12345', null],
    ['x482913', null],
  ])('When the operator types %j, Then it is %j', (line, entry) => {
    expect(tillEntry(line)).toEqual(entry);
  });
});
