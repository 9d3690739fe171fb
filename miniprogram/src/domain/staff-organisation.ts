/**
 * The departments (司局) and local units a case can be assigned to, mirroring
 * config/domain/departments.json (codes are what the server checks; a test keeps the lists equal).
 */
export interface Organ {
  code: string;
  name: string;
}

export const DEPARTMENTS: readonly Organ[] = [
  { code: 'rural', name: '农村水利水电司' },
  { code: 'riverlake', name: '河湖管理司' },
  { code: 'construction', name: '水利工程建设司' },
  { code: 'operation', name: '运行管理司' },
  { code: 'resources', name: '水资源管理司' },
  { code: 'soil', name: '水土保持司' },
  { code: 'resettlement', name: '水库移民司' },
  { code: 'disaster', name: '水旱灾害防御司' },
  { code: 'approval', name: '政务服务大厅' },
  { code: 'office', name: '办公厅' },
];

export const UNITS: readonly Organ[] = [
  { code: 'hebei', name: '河北省水利厅' },
  { code: 'shanxi', name: '山西省水利厅' },
  { code: 'jiangsu', name: '江苏省水利厅' },
  { code: 'zhejiang', name: '浙江省水利厅' },
  { code: 'anhui', name: '安徽省水利厅' },
  { code: 'shandong', name: '山东省水利厅' },
  { code: 'jining', name: '济宁市水务局' },
  { code: 'henan', name: '河南省水利厅' },
  { code: 'hubei', name: '湖北省水利厅' },
  { code: 'hunan', name: '湖南省水利厅' },
  { code: 'sichuan', name: '四川省水利厅' },
  { code: 'yunnan', name: '云南省水利厅' },
];

export function organName(list: readonly Organ[], code: string | null | undefined): string {
  if (!code) return '';
  return list.find((organ) => organ.code === code)?.name ?? code;
}

export const ROLE_LABELS: Record<string, string> = {
  center: '12314监督举报服务中心',
  department: '承办司局',
  unit: '地方水行政主管部门',
  office: '办公厅',
  admin: '系统管理员',
};
