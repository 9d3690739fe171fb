export default definePageConfig({ navigationBarTitleText: '补充情况' });
