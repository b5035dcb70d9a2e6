export default definePageConfig({
  navigationBarTitleText: '共济消费记录',
  enablePullDownRefresh: true,
  onReachBottomDistance: 80,
});
