export default definePageConfig({ navigationBarTitleText: '常见问题与客服' });
