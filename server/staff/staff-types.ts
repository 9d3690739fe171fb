/**
 * The shared vocabulary of staff: roles and the Actor that authenticated requests carry in
 * ctx.state.actor. Other components code against these names, so they change only by agreement.
 */
export const STAFF_ROLES = ['center', 'department', 'unit', 'office', 'admin'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export interface Actor {
  kind: 'staff';
  staffId: string;
  username: string;
  displayName: string;
  role: StaffRole;
  department?: string;
  unit?: string;
}

/** What the API shows of an account: never the hash or the lock counters. */
export interface StaffProfile {
  id: string;
  username: string;
  displayName: string;
  role: StaffRole;
  /** null rather than absent, so clients see one stable shape. */
  department: string | null;
  unit: string | null;
}

export function toStaffProfile(actor: Actor): StaffProfile {
  return {
    id: actor.staffId,
    username: actor.username,
    displayName: actor.displayName,
    role: actor.role,
    department: actor.department ?? null,
    unit: actor.unit ?? null,
  };
}
