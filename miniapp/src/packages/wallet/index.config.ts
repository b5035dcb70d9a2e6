export default definePageConfig({ navigationBarTitleText: '医保钱包' });
