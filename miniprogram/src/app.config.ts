export default defineAppConfig({
  // Citizen pages stay in the main package (what a reporter opens first must load at once).
  pages: [
    'pages/index/index',
    'pages/report/index',
    'pages/submitted/index',
    'pages/cases/index',
    'pages/case/index',
    'pages/supplement/index',
    'pages/survey/index',
    'pages/review/index',
    'pages/knowledge/index',
  ],
  // The staff workbench is a subpackage: citizens never download it.
  subPackages: [
    {
      root: 'packages/staff',
      pages: ['pages/login/index', 'pages/queue/index', 'pages/case/index', 'pages/figures/index'],
    },
  ],
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#0b5cad',
    navigationBarTitleText: '12314监督举报',
    navigationBarTextStyle: 'white',
    backgroundColor: '#f4f6f9',
  },
  permission: {
    'scope.userLocation': { desc: '用于填写问题所在的位置' },
  },
  requiredPrivateInfos: ['getLocation', 'chooseLocation'],
});
