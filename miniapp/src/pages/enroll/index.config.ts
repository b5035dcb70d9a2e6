export default definePageConfig({ navigationBarTitleText: '立即投保' });
