export default definePageConfig({ navigationBarTitleText: '待办案件' });
