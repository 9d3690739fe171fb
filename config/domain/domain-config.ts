/**
 * Everything the workflow needs from config/domain, loaded and validated once; passed to the
 * use cases as a frozen object (the domain functions never read files or the environment).
 */
import { createWorkingCalendar, type WorkingCalendar } from '../../server/cases/domain/working-days';
import { loadDeadlineRules, type DeadlineRules } from './deadline-rules';
import { loadHolidayOverrides } from './holiday-overrides';
import { loadOrganisation, type Organisation } from './organisation';

export interface DomainConfig {
  organisation: Organisation;
  deadlineRules: DeadlineRules;
  calendar: WorkingCalendar;
}

export function loadDomainConfig(): Readonly<DomainConfig> {
  return Object.freeze({
    organisation: loadOrganisation(),
    deadlineRules: loadDeadlineRules(),
    calendar: createWorkingCalendar(loadHolidayOverrides().days),
  });
}
