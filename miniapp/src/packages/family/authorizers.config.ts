export default definePageConfig({ navigationBarTitleText: '可使用的共济账户' });
