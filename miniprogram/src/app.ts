import { useLaunch } from '@tarojs/taro';
import type { PropsWithChildren } from 'react';
import { browserQueryParam } from './lib/query';
import { referralFromQuery } from './lib/referral';
import { rememberReferralCode } from './services/session';
import './app.css';

function App({ children }: PropsWithChildren) {
  useLaunch((options) => {
    // First touch wins: the code is kept until the login that sends it (services/auth.ts).
    const query = (options?.query ?? {}) as Record<string, string | undefined>;
    rememberReferralCode(referralFromQuery(query) ?? browserQueryParam('r'));
  });
  return children;
}

export default App;
