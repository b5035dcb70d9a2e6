export default definePageConfig({ navigationBarTitleText: '保障责任' });
