export default definePageConfig({ navigationBarTitleText: '理赔指引' });
