/**
 * What the report dialog asks at each step, and the summary before 确认. The order of questions
 * is derived from the draft (the first missing field), so a pre-filled description, a signboard
 * place or a field cleared by 修改 all need no special path.
 */
import type { CasePlace } from '../../server/cases/domain/case-types';
import type {
  DialogContext,
  DialogStep,
  ReportDraft,
  ReportField,
  ReportSession,
  Signboard,
} from './dialog-types';
import { clipText, fillText, joinLines } from './text-format';

const REPORT_FIELDS: readonly ReportField[] = ['category', 'description', 'place', 'photos', 'contact'];
/** A consultation needs no place and no photos: the answer comes back in the chat. */
const CONSULT_FIELDS: readonly ReportField[] = ['category', 'description', 'contact'];
const ADDRESS_MAX = 200;
const WATER_BODY_MAX = 100;

function isMissing(field: ReportField, draft: ReportDraft): boolean {
  if (field === 'category') return !draft.category;
  if (field === 'description') return !draft.description;
  if (field === 'place') return !draft.place;
  if (field === 'photos') return !draft.photosDone;
  return !draft.reporter;
}

export function findNextMissingField(draft: ReportDraft): ReportField | undefined {
  const fields = draft.category === 'consult' ? CONSULT_FIELDS : REPORT_FIELDS;
  return fields.find((field) => isMissing(field, draft));
}

/** The numbered lines of the summary, which 修改 refers to by number. */
export function listSummaryFields(draft: ReportDraft): ReportField[] {
  if (draft.category !== 'consult') return [...REPORT_FIELDS];
  // Photos sent before 咨询 was chosen still go with it, so they are shown.
  return draft.photos.length > 0 ? ['category', 'description', 'photos', 'contact'] : [...CONSULT_FIELDS];
}

export function isValidCoordinate(latitude: unknown, longitude: unknown): boolean {
  return (
    typeof latitude === 'number' &&
    typeof longitude === 'number' &&
    Number.isFinite(latitude) &&
    Number.isFinite(longitude) &&
    Math.abs(latitude) <= 90 &&
    Math.abs(longitude) <= 180
  );
}

export function buildLocationPlace(latitude: number, longitude: number, label?: string): CasePlace {
  const address = label?.trim() && !/[<>]/.test(label) ? clipText(label.trim(), ADDRESS_MAX) : undefined;
  return { latitude, longitude, ...(address ? { address } : {}) };
}

export function buildSignboardPlace(signboard: Signboard, context: DialogContext): CasePlace {
  const { replies } = context.texts;
  const address = fillText(replies.signboardAddress, {
    river: signboard.river,
    county: signboard.county,
    signboardId: signboard.id,
  });
  return {
    address: clipText(address, ADDRESS_MAX),
    waterBody: clipText(signboard.river, WATER_BODY_MAX),
    ...(signboard.regionCode && /^\d{6}$/.test(signboard.regionCode)
      ? { regionCode: signboard.regionCode }
      : {}),
    ...(isValidCoordinate(signboard.latitude, signboard.longitude)
      ? { latitude: signboard.latitude, longitude: signboard.longitude }
      : {}),
  };
}

function proposePlace(session: ReportSession, context: DialogContext): ReportSession['proposal'] {
  if (session.signboard) {
    return { from: 'signboard', place: buildSignboardPlace(session.signboard, context) };
  }
  const last = context.lastLocation;
  if (last && isValidCoordinate(last.latitude, last.longitude)) {
    return { from: 'last-location', place: buildLocationPlace(last.latitude, last.longitude, last.label) };
  }
  return undefined;
}

function labelOf(field: ReportField, context: DialogContext): string {
  const { replies } = context.texts;
  const labels: Record<ReportField, string> = {
    category: replies.fieldCategory,
    description: replies.fieldDescription,
    place: replies.fieldPlace,
    photos: replies.fieldPhotos,
    contact: replies.fieldContact,
  };
  return labels[field];
}

function valueOf(field: ReportField, draft: ReportDraft, context: DialogContext): string {
  const { replies } = context.texts;
  if (field === 'category') {
    return context.categories.find((option) => option.code === draft.category)?.name ?? draft.category ?? '';
  }
  if (field === 'description') return clipText((draft.description ?? '').replace(/\s+/g, ' '), 60);
  if (field === 'place') {
    return clipText(draft.place?.address ?? draft.place?.waterBody ?? replies.placeCoordinates, 40);
  }
  if (field === 'photos') {
    return draft.photos.length > 0
      ? fillText(replies.photoCount, { count: draft.photos.length })
      : replies.noPhotos;
  }
  return draft.reporter?.anonymous ? replies.anonymous : (draft.reporter?.phone ?? replies.anonymous);
}

export function renderSummary(draft: ReportDraft, context: DialogContext): string {
  const { replies } = context.texts;
  const lines = listSummaryFields(draft).map((field, index) =>
    fillText(replies.summaryLine, {
      number: index + 1,
      label: labelOf(field, context),
      value: valueOf(field, draft, context),
    }),
  );
  return joinLines(replies.summaryHeader, ...lines, replies.summaryFooter);
}

export function findFieldByLabel(text: string, draft: ReportDraft, context: DialogContext) {
  return listSummaryFields(draft).find((field) => labelOf(field, context) === text.trim());
}

export function renderCategoryPrompt(context: DialogContext): string {
  const list = context.categories
    .map((option, index) =>
      fillText(context.texts.replies.categoryLine, {
        number: index + 1,
        name: option.name,
        hint: option.hint,
      }),
    )
    .join('\n');
  return fillText(context.texts.replies.categoryPrompt, { list });
}

/** The question of the current step, asked again after a hint or an interruption. */
export function promptOf(session: ReportSession, context: DialogContext): string {
  const { replies } = context.texts;
  const { draft } = session;
  switch (session.step) {
    case 'category':
      return renderCategoryPrompt(context);
    case 'description':
      return draft.category === 'consult' ? replies.consultQuestionPrompt : replies.descriptionPrompt;
    case 'place':
      if (session.proposal?.from === 'signboard' && session.signboard) {
        const { river, county } = session.signboard;
        return fillText(replies.placeSignboardProposal, { river, county });
      }
      if (session.proposal) {
        return fillText(replies.placeLastLocationProposal, { label: session.proposal.place.address ?? '' });
      }
      return replies.placePrompt;
    case 'photos':
      return fillText(replies.photosPrompt, { max: context.maxPhotos });
    case 'contact':
      return replies.contactPrompt;
    case 'summary':
      return renderSummary(draft, context);
    case 'edit-choice': {
      const options = listSummaryFields(draft)
        .map((field, index) =>
          fillText(replies.editOption, { number: index + 1, label: labelOf(field, context) }),
        )
        .join('\n');
      return fillText(replies.editPrompt, { options });
    }
    case 'scope-referral':
      return replies.outOfScopeContinue;
    case 'consult-offer':
      return replies.consultOffer;
  }
}

/** Moves to the first missing field (or the summary) and asks for it, after the lead lines. */
export function enterNextStep(
  session: ReportSession,
  context: DialogContext,
  lead: string[] = [],
): DialogStep {
  const step = findNextMissingField(session.draft) ?? 'summary';
  const next: ReportSession = { ...session, step, proposal: undefined };
  if (step === 'place') next.proposal = proposePlace(next, context);
  return { session: next, replies: [joinLines(...lead, promptOf(next, context))] };
}

/** Stays on the current step and asks its question again after the lead lines. */
export function repeatStep(session: ReportSession, context: DialogContext, lead: string[] = []): DialogStep {
  return { session, replies: [joinLines(...lead, promptOf(session, context))] };
}
