/**
 * Which case a survey or review page is about: the signed-in reporter's case
 * (`?trackingNumber=`, from the case page) or the survey link's token (`?token=`, from the
 * invitation message; config/domain/notifications.json pages.survey).
 */
export type FollowUpTarget = { trackingNumber: string } | { token: string };

/** Undefined when the link is broken. */
export function readFollowUpTarget(params: Record<string, string | undefined>): FollowUpTarget | undefined {
  if (params.token) return { token: params.token };
  if (params.trackingNumber) return { trackingNumber: params.trackingNumber };
  return undefined;
}

/** The same target as a page query, to pass it on (survey → review). */
export function followUpQuery(target: FollowUpTarget): string {
  return 'token' in target
    ? `token=${encodeURIComponent(target.token)}`
    : `trackingNumber=${encodeURIComponent(target.trackingNumber)}`;
}
