/**
 * Who should handle a report (统一受理、按责分办): the category names the department; the unit is
 * the one whose region prefix is the longest prefix of the case's region code. A suggestion only:
 * center staff can assign elsewhere.
 */
import type { CategoryCode } from './case-types';

export interface RoutingTable {
  categoryToDepartment: Record<string, string>;
  units: readonly { code: string; regionPrefix: string }[];
}

export function suggestAssignment(
  category: CategoryCode,
  regionCode: string | undefined,
  table: RoutingTable,
): { department?: string; unit?: string } {
  const department = table.categoryToDepartment[category];
  let unit: { code: string; regionPrefix: string } | undefined;
  if (regionCode) {
    for (const candidate of table.units) {
      if (
        regionCode.startsWith(candidate.regionPrefix) &&
        candidate.regionPrefix.length > (unit?.regionPrefix.length ?? 0)
      ) {
        unit = candidate;
      }
    }
  }
  return { ...(department ? { department } : {}), ...(unit ? { unit: unit.code } : {}) };
}
