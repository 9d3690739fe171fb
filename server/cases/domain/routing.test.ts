import { suggestAssignment, type RoutingTable } from './routing';

const table: RoutingTable = {
  categoryToDepartment: { river_lake: 'riverlake', rural_water: 'rural' },
  units: [
    { code: 'shandong', regionPrefix: '37' },
    { code: 'jining', regionPrefix: '3708' },
    { code: 'anhui', regionPrefix: '34' },
  ],
};

test.each([
  ['river_lake', '370811', { department: 'riverlake', unit: 'jining' }], // the longest prefix wins
  ['river_lake', '370102', { department: 'riverlake', unit: 'shandong' }],
  ['rural_water', '341502', { department: 'rural', unit: 'anhui' }],
  ['rural_water', '110101', { department: 'rural' }], // no unit configured for Beijing
  ['rural_water', undefined, { department: 'rural' }],
  ['soil', '341502', { unit: 'anhui' }], // no department rule for the category
] as const)('when a %s case comes from region %s, then it is routed to %j', (category, region, expected) => {
  expect(suggestAssignment(category, region, table)).toEqual(expected);
});
