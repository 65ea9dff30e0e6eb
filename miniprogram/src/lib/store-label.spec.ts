import { ledgerPlace, storeLabel } from './store-label';

describe('store labels', () => {
  it('When the role has a store name, Then the name is shown; a session from before names shows the code', () => {
    expect(storeLabel({ storeCode: 'SH01', storeName: '上海南京西路店' })).toBe('上海南京西路店');
    expect(storeLabel({ storeCode: 'SH01' })).toBe('门店 SH01');
  });

  it('When a movement has no store, Then it reads as head office', () => {
    expect(ledgerPlace({ storeName: '上海南京西路店' })).toBe('上海南京西路店');
    expect(ledgerPlace({ storeName: null })).toBe('总部');
  });
});
