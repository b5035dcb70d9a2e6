export default definePageConfig({ navigationBarTitleText: '为家人缴居民医保', enablePullDownRefresh: true });
