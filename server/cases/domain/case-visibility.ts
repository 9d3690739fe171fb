/**
 * Who sees which cases, and whose eyes may see a reporter's identity (rules art. 15: only the
 * parties handling a report). Pure; the repository turns the filter into a query.
 */
import type { Actor } from '../../staff/staff-types';
import type { CaseState } from './case-types';

/** Database filter limiting what the actor may read: a department its cases, a unit its own. */
export function visibilityFilter(actor: Actor): Record<string, unknown> {
  switch (actor.role) {
    case 'department':
      return { 'assignment.department': actor.department ?? '\u0000none' };
    case 'unit':
      return { 'assignment.unit': actor.unit ?? '\u0000none' };
    default:
      return {};
  }
}

/** The intake center handles every case; a department or unit only the ones assigned to it. */
export function mayRevealReporter(actor: Actor, state: Pick<CaseState, 'assignment'>): boolean {
  if (actor.role === 'center') return true;
  if (actor.role === 'department')
    return !!actor.department && state.assignment?.department === actor.department;
  if (actor.role === 'unit') return !!actor.unit && state.assignment?.unit === actor.unit;
  return false;
}
