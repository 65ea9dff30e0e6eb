import { fireEvent, render, waitFor } from '@testing-library/react';
import Taro, { fake } from '../../test-support/taro';
import { BirthdayPanel } from './birthday-panel';

let saved: unknown[] = [];

function serve(initial: { birthday: string | null; locked: boolean }) {
  fake.handler = (params) => {
    if (params.method === 'PUT') {
      saved.push(params.data);
      const { birthday } = params.data as { birthday: string };
      return Promise.resolve({ statusCode: 200, data: { birthday, locked: true } });
    }
    return Promise.resolve({ statusCode: 200, data: initial });
  };
}

beforeEach(() => {
  fake.reset();
  Taro.setStorageSync('tongka.token', 'token-1');
  saved = [];
});

describe('Birthday panel (生日礼遇)', () => {
  it('When the member saves a birthday and confirms, Then it is sent once and shown locked with no way to change it', async () => {
    serve({ birthday: null, locked: false });
    const { container } = render(<BirthdayPanel />);
    await waitFor(() => expect(container.querySelector('#birthday-save')).not.toBeNull());
    fireEvent.change(container.querySelector('.picker-stand-in') as Element, { target: { value: '1992-04-10' } });
    expect(container.querySelector('#birthday-picker')?.textContent).toBe('选择生日1992-04-10 ›');
    fireEvent.click(container.querySelector('#birthday-save') as Element);
    await waitFor(() => expect(container.querySelector('#birthday-value')).not.toBeNull());
    expect(container.querySelector('#birthday-value')?.textContent).toBe('我的生日：1992-04-10（已锁定）');
    expect(saved).toEqual([{ birthday: '1992-04-10' }]);
    expect(container.querySelector('#birthday-save')).toBeNull();
  });

  it('When the birthday is already set, Then the panel only shows it', async () => {
    serve({ birthday: '1988-08-08', locked: true });
    const { container } = render(<BirthdayPanel />);
    await waitFor(() =>
      expect(container.querySelector('#birthday-value')?.textContent).toBe('我的生日：1988-08-08（已锁定）'),
    );
    expect(container.querySelector('#birthday-picker')).toBeNull();
  });
});
