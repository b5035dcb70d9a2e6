export default definePageConfig({ navigationBarTitleText: '共济办理', enablePullDownRefresh: true });
