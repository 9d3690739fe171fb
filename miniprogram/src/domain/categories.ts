/**
 * What 12314 accepts, mirroring config/domain/categories.json (codes are what the server checks;
 * a test keeps the two lists equal). 咨询 is not a complaint, so the home page shows it apart.
 */
export interface Category {
  code: CategoryCode;
  name: string;
  hint: string;
}

export type CategoryCode =
  | 'river_lake'
  | 'rural_water'
  | 'project'
  | 'resource'
  | 'soil'
  | 'resettlement'
  | 'disaster'
  | 'approval'
  | 'consult';

export const CATEGORIES: readonly Category[] = [
  { code: 'river_lake', name: '河湖突出问题', hint: '乱占、乱采、乱堆、乱建，侵占河道岸线' },
  { code: 'rural_water', name: '农村饮水问题', hint: '停水、水质差、时有时无' },
  { code: 'project', name: '水利工程建设及运行管理问题', hint: '水库、堤防、灌区等工程的建设和管理' },
  { code: 'resource', name: '水资源管理及节约用水问题', hint: '取水、用水、浪费水' },
  { code: 'soil', name: '水土保持问题', hint: '开发建设造成水土流失' },
  { code: 'resettlement', name: '水库移民问题', hint: '移民安置、补偿、后期扶持' },
  { code: 'disaster', name: '水旱灾害防御问题', hint: '防洪、抗旱、险情隐患' },
  { code: 'approval', name: '水利部行政审批问题', hint: '水利部办理的行政许可事项' },
  { code: 'consult', name: '咨询', hint: '政策、办事问题咨询' },
];

export const CONSULT_CODE: CategoryCode = 'consult';

/** The eight kinds of problem a citizen can report (everything but 咨询). */
export const REPORT_CATEGORIES = CATEGORIES.filter((c) => c.code !== CONSULT_CODE);

export function findCategory(code: string | undefined): Category | undefined {
  return CATEGORIES.find((c) => c.code === code);
}

export const HOTLINE = '12314';
