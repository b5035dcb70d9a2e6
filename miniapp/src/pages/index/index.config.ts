export default definePageConfig({ navigationBarTitleText: '北京普惠健康保' });
