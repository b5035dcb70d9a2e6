export default defineAppConfig({
  pages: ['pages/index/index', 'pages/enroll/index', 'pages/me/index'],
  // Everything beyond the tab pages lives in subpackages, so that the main package stays small.
  subPackages: [
    { root: 'packages/account', pages: ['index'] },
    { root: 'packages/auth', pages: ['login', 'identity'] },
    { root: 'packages/coming', pages: ['index'] },
    { root: 'packages/family', pages: ['index', 'add', 'spending', 'authorizers'] },
    { root: 'packages/enrol', pages: ['confirm', 'cashier', 'result', 'policies'] },
    { root: 'packages/resident', pages: ['index', 'confirm', 'records'] },
    { root: 'packages/enterprise', pages: ['index'] },
    { root: 'packages/messages', pages: ['index', 'sms'] },
    { root: 'packages/product', pages: ['cover', 'text', 'claims', 'help', 'policy'] },
    // privacy (issue 18)
    { root: 'packages/privacy', pages: ['policy', 'consent', 'my-data', 'close'] },
    // 医保钱包
    { root: 'packages/wallet', pages: ['index', 'send'] },
  ],
  preloadRule: {
    'pages/me/index': { network: 'all', packages: ['packages/auth', 'packages/account', 'packages/family'] },
    'pages/enroll/index': { network: 'all', packages: ['packages/enrol'] },
  },
  window: {
    backgroundTextStyle: 'dark',
    backgroundColor: '#f7f7f7',
    navigationBarBackgroundColor: '#f7f7f7',
    navigationBarTitleText: '北京普惠健康保',
    navigationBarTextStyle: 'black',
    // WeChat's default anyway; Taro's H5 build draws its title bar (with back and home buttons) only
    // when this is set explicitly.
    navigationStyle: 'default',
  },
  // H5 only (WeChat has no such key): Taro's page slide hides the previous page on a 350 ms timer, and a
  // 返回 within that time leaves the page below hidden (blank screen). No animation, no race.
  ...(process.env.TARO_ENV === 'h5' ? { animation: false } : {}),
  // privacy (issue 18): WeChat's privacy flow (基础库 ≥ 2.32.3) — privacy APIs wait for the user's
  // agreement, which our own popup (components/PrivacyPopup) asks for; H5 shows our consent page instead.
  ...(process.env.TARO_ENV === 'weapp' ? { __usePrivacyCheck__: true } : {}),
  tabBar: {
    // 4.5:1 on white (WCAG AA); WeChat's #999999 and #07c160 are 2.8:1 and 2.4:1.
    color: '#666666',
    selectedColor: '#057a3f',
    backgroundColor: '#ffffff',
    borderStyle: 'black',
    list: [
      {
        pagePath: 'pages/index/index',
        text: '首页',
        iconPath: 'assets/tab/home.png',
        selectedIconPath: 'assets/tab/home-active.png',
      },
      {
        pagePath: 'pages/enroll/index',
        text: '立即投保',
        iconPath: 'assets/tab/enroll.png',
        selectedIconPath: 'assets/tab/enroll-active.png',
      },
      {
        pagePath: 'pages/me/index',
        text: '个人中心',
        iconPath: 'assets/tab/me.png',
        selectedIconPath: 'assets/tab/me-active.png',
      },
    ],
  },
});
