export default defineAppConfig({
  pages: ['pages/index/index', 'pages/card/index', 'pages/history/index', 'pages/me/index', 'pages/phone/index'],
  subPackages: [
    {
      root: 'staff',
      pages: [
        'pages/scan/index',
        'pages/checkout/index',
        'pages/receipt/index',
        'pages/today/index',
        'pages/verify/index',
        'pages/invite/index',
        'pages/leaderboard/index',
      ],
    },
    {
      root: 'member',
      pages: [
        'pages/coupons/index',
        'pages/coupon-center/index',
        'pages/coupon-detail/index',
        'pages/coupon-gift/index',
        'pages/rewards/index',
        'pages/exchange/index',
        'pages/pickups/index',
        'pages/topup/index',
        'pages/topup-result/index',
        'pages/check-in/index',
        'pages/gift/index',
        'pages/payment-pin/index',
      ],
    },
    { root: 'invite', pages: ['pages/index/index'] },
  ],
  // H5 only: Taro's page transition hides the page below on a timer, so a Back tapped while a page
  // is still sliding in left the till's scan page blank. Pages switch at once in the browser instead.
  ...(process.env.TARO_ENV === 'h5' ? { animation: false } : {}),
  window: {
    navigationBarTitleText: '通卡会员',
    // WeChat draws its own title bar; this makes Taro's H5 build draw one too, with the page title and a way back.
    navigationStyle: 'default',
    navigationBarBackgroundColor: '#1f2a44',
    navigationBarTextStyle: 'white',
    backgroundColor: '#f4f5f7',
    backgroundTextStyle: 'dark',
  },
  tabBar: {
    color: '#8a8f99',
    selectedColor: '#1f2a44',
    backgroundColor: '#ffffff',
    borderStyle: 'white',
    list: [
      { pagePath: 'pages/card/index', text: '会员卡' },
      { pagePath: 'pages/history/index', text: '明细' },
      { pagePath: 'pages/me/index', text: '我的' },
    ],
  },
});
