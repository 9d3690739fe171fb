export default defineAppConfig({
  pages: ['pages/index/index', 'pages/report/index', 'pages/submitted/index', 'pages/cases/index', 'pages/case/index'],
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#0b5cad',
    navigationBarTitleText: '12314监督举报',
    navigationBarTextStyle: 'white',
    backgroundColor: '#f4f6f9',
  },
});
