export default definePageConfig({ navigationBarTitleText: '赠送好友' });
