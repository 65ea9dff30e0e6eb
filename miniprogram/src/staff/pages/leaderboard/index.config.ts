export default definePageConfig({ navigationBarTitleText: '导购排行榜' });
