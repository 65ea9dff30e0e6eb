export default definePageConfig({ navigationBarTitleText: '我的导购邀请卡', enableShareAppMessage: true });
