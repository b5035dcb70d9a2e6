export default definePageConfig({
  navigationBarTitleText: '个账余额',
  enablePullDownRefresh: true,
  onReachBottomDistance: 80,
});
