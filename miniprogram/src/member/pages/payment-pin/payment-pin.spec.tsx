import { fireEvent, render, waitFor } from '@testing-library/react';
import Taro, { fake } from '../../../../test-support/taro';
import PaymentPinPage, { pinFormProblem } from './index';

describe('Payment PIN page', () => {
  it('When the PIN is easy, short or typed differently twice, Then it says why in Chinese and nothing is sent', () => {
    expect(pinFormProblem({ pin: '12345', again: '12345', current: '' }, false)).toBe('支付密码须为 6 位数字。');
    expect(pinFormProblem({ pin: '888888', again: '888888', current: '' }, false)).toContain('密码太简单');
    expect(pinFormProblem({ pin: '987654', again: '987654', current: '' }, false)).toContain('密码太简单');
    expect(pinFormProblem({ pin: '258013', again: '258014', current: '' }, false)).toBe('两次输入的密码不一致。');
    expect(pinFormProblem({ pin: '258013', again: '258013', current: '' }, true)).toBe('请输入当前的 6 位支付密码。');
    expect(pinFormProblem({ pin: '258013', again: '258013', current: '' }, false)).toBe('');
  });

  it('When the member sets a first PIN, Then it is sent once with no current PIN and the page says it is saved', async () => {
    fake.reset();
    Taro.setStorageSync('tongka.token', 'token-1');
    const puts: unknown[] = [];
    fake.handler = (params) => {
      if (params.method === 'PUT') {
        puts.push(params.data);
        return Promise.resolve({ statusCode: 200, data: { set: true, lockedUntil: null } });
      }
      return Promise.resolve({ statusCode: 200, data: { set: false, lockedUntil: null } });
    };
    const { container } = render(<PaymentPinPage />);
    await waitFor(() => expect(container.querySelector('.tk-title')?.textContent).toBe('设置支付密码'));
    expect(container.querySelector('#payment-pin-current')).toBeNull();
    fireEvent.change(container.querySelector('#payment-pin-new') as Element, { target: { value: '258013' } });
    fireEvent.change(container.querySelector('#payment-pin-again') as Element, { target: { value: '258013' } });
    fireEvent.click(container.querySelector('#payment-pin-save') as Element);
    await waitFor(() => expect(container.querySelector('#payment-pin-saved')).not.toBeNull());
    expect(puts).toEqual([{ pin: '258013' }]);
    expect(container.querySelector('.tk-title')?.textContent).toBe('修改支付密码');
  });
});
