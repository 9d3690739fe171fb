/** Categories, departments, units and routing from config/domain, validated once at start-up. */
import { z } from 'zod';
import { ConfigError } from '../load-config';
import categoriesJson from './categories.json';
import departmentsJson from './departments.json';
import routingJson from './routing-rules.json';

const code = z.string().regex(/^[a-z_]{2,30}$/);
const named = z.object({ code, name: z.string().min(2) });

const categoriesSchema = z.object({
  version: z.number().int(),
  categories: z.array(named.extend({ hint: z.string() })).min(1),
});
const departmentsSchema = z.object({
  version: z.number().int(),
  center: named,
  dutyOffice: named,
  departments: z.array(named).min(1),
  units: z.array(named.extend({ regionPrefix: z.string().regex(/^\d{2,6}$/) })),
});
const routingSchema = z.object({
  version: z.number().int(),
  categoryToDepartment: z.record(z.string(), code),
});

export type Organisation = z.infer<typeof departmentsSchema> & {
  categories: z.infer<typeof categoriesSchema>['categories'];
  categoryToDepartment: Record<string, string>;
};

function parseFile<T>(file: string, schema: z.ZodType<T>, json: unknown, problems: string[]): T | undefined {
  const parsed = schema.safeParse(json);
  if (!parsed.success)
    problems.push(...parsed.error.issues.map((i) => `${file} ${i.path.join('.')}: ${i.message}`));
  return parsed.success ? parsed.data : undefined;
}

export function parseOrganisation(categories: unknown, departments: unknown, routing: unknown): Organisation {
  const problems: string[] = [];
  const c = parseFile('categories.json', categoriesSchema, categories, problems);
  const d = parseFile('departments.json', departmentsSchema, departments, problems);
  const r = parseFile('routing-rules.json', routingSchema, routing, problems);
  if (c && d && r) {
    const departmentCodes = new Set(d.departments.map((department) => department.code));
    const categoryCodes = new Set(c.categories.map((category) => category.code));
    for (const [category, department] of Object.entries(r.categoryToDepartment)) {
      if (!categoryCodes.has(category)) problems.push(`routing-rules.json: unknown category ${category}`);
      if (!departmentCodes.has(department))
        problems.push(`routing-rules.json: unknown department ${department}`);
    }
    for (const category of categoryCodes) {
      if (!r.categoryToDepartment[category])
        problems.push(`routing-rules.json: no department for ${category}`);
    }
  }
  if (problems.length > 0 || !c || !d || !r) throw new ConfigError(problems);
  return { ...d, categories: c.categories, categoryToDepartment: r.categoryToDepartment };
}

export function loadOrganisation(): Organisation {
  return parseOrganisation(categoriesJson, departmentsJson, routingJson);
}
