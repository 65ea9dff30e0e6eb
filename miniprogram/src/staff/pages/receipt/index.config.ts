export default definePageConfig({ navigationBarTitleText: '收款小票' });
