export default definePageConfig({ navigationBarTitleText: '12314监督举报' });
