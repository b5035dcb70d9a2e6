export default definePageConfig({ navigationBarTitleText: '转账给亲属' });
