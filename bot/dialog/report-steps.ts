/**
 * The report dialog (举报): category, description, place, photos, contact, summary, 确认.
 * A photo or a location is accepted at any step (people at a river send them first); typed text
 * answers the current question. Returns undefined when the message is not for this dialog
 * (after a referral or a consultation offer), so the engine handles it afresh.
 */
import { detectOutOfScope } from '../../server/cases/domain/out-of-scope';
import { isAcceptedPhone, normalisePhone } from '../../server/identity/identity-crypto';
import type {
  DialogContext,
  DialogInput,
  DialogStep,
  ReportDraft,
  ReportField,
  ReportSession,
  ReporterChoice,
  Signboard,
} from './dialog-types';
import { isOneOf, normaliseWord, parseChoiceNumber, recogniseCategory } from './intents';
import {
  buildLocationPlace,
  enterNextStep,
  findFieldByLabel,
  isValidCoordinate,
  listSummaryFields,
  repeatStep,
} from './report-prompts';
import { fillText, joinLines } from './text-format';
import { DESCRIPTION_MIN_CHARS } from '../../server/cases/domain/description-rules';

/** The server's minimum: asking here keeps the reporter from a late refusal. */
export const DESCRIPTION_MIN = DESCRIPTION_MIN_CHARS;
const ADDRESS_MIN = 2;
const ADDRESS_MAX = 200;

export interface ReportSeed {
  description?: string;
  photos?: string[];
  place?: ReportDraft['place'];
  signboard?: Signboard;
}

export function startReport(context: DialogContext, lead: string[], seed: ReportSeed = {}): DialogStep {
  const session: ReportSession = {
    flow: 'report',
    step: 'category',
    draft: {
      photos: seed.photos ?? [],
      photosDone: false,
      ...(seed.description ? { description: seed.description } : {}),
      ...(seed.place ? { place: seed.place } : {}),
    },
    ...(seed.signboard ? { signboard: seed.signboard } : {}),
    lastActiveAt: '',
  };
  return seed.description
    ? checkScopeThenAdvance(session, context, lead)
    : enterNextStep(session, context, lead);
}

/** Out-of-scope matters are told at once (rules art. 3); 继续 lets the reporter insist. */
function checkScopeThenAdvance(session: ReportSession, context: DialogContext, lead: string[]): DialogStep {
  const finding = detectOutOfScope(session.draft.description ?? '', context.outOfScopeRules);
  if (!finding) return enterNextStep(session, context, lead);
  return {
    session: { ...session, step: 'scope-referral', proposal: undefined },
    replies: [joinLines(finding.referral, context.texts.replies.outOfScopeContinue)],
  };
}

function withDraft(session: ReportSession, change: Partial<ReportDraft>): ReportSession {
  return { ...session, draft: { ...session.draft, ...change } };
}

function acceptPhoto(session: ReportSession, mediaRef: string, context: DialogContext): DialogStep {
  const { replies } = context.texts;
  const { photos } = session.draft;
  const max = context.maxPhotos;
  if (photos.includes(mediaRef)) return { session, replies: [] };
  if (photos.length >= max) {
    const limit = fillText(replies.photoLimit, { max });
    return session.step === 'photos'
      ? { session, replies: [joinLines(limit, replies.photosDoneHint)] }
      : repeatStep(session, context, [limit]);
  }
  const next = withDraft(session, { photos: [...photos, mediaRef] });
  const count = photos.length + 1;
  if (session.step !== 'photos') return repeatStep(next, context, [fillText(replies.photoKept, { count })]);
  const reply =
    count >= max
      ? fillText(replies.photosFull, { count, max })
      : fillText(replies.photoReceived, { count, remaining: max - count, max });
  return { session: next, replies: [reply] };
}

function acceptLocation(
  session: ReportSession,
  input: Extract<DialogInput, { kind: 'location' }>,
  context: DialogContext,
): DialogStep {
  if (!isValidCoordinate(input.latitude, input.longitude) || session.draft.category === 'consult') {
    return repeatStep(session, context);
  }
  const next = withDraft(session, {
    place: buildLocationPlace(input.latitude, input.longitude, input.label),
  });
  return session.step === 'place'
    ? enterNextStep(next, context)
    : repeatStep(next, context, [context.texts.replies.placeKept]);
}

function answerPlace(session: ReportSession, text: string, context: DialogContext): DialogStep {
  const { replies, words } = context.texts;
  if (session.proposal && isOneOf(text, words.yes)) {
    return enterNextStep(withDraft(session, { place: session.proposal.place }), context);
  }
  if (isOneOf(text, words.yes) || isOneOf(text, words.no)) {
    return { session: { ...session, proposal: undefined }, replies: [replies.placePrompt] };
  }
  const address = text.trim();
  if (address.length < ADDRESS_MIN || parseChoiceNumber(address) !== undefined) {
    return { session, replies: [replies.addressTooShort] };
  }
  if (address.length > ADDRESS_MAX) {
    return { session, replies: [fillText(replies.addressTooLong, { max: ADDRESS_MAX })] };
  }
  return enterNextStep(withDraft(session, { place: { address } }), context);
}

/** The whole text first, then any digit run in it (「电话13800138000，晚上打」). */
function readPhone(text: string): string | undefined {
  const candidates = [text, ...(text.normalize('NFKC').match(/\+?[\d][\d\s-]{5,}\d/g) ?? [])];
  const phone = candidates.find((candidate) => isAcceptedPhone(candidate));
  return phone === undefined ? undefined : normalisePhone(phone);
}

function answerContact(session: ReportSession, text: string, context: DialogContext): DialogStep {
  const { replies, words } = context.texts;
  let reporter: ReporterChoice | undefined;
  if (isOneOf(text, words.anonymous)) reporter = { anonymous: true };
  else {
    const phone = readPhone(text);
    if (phone) reporter = { anonymous: false, phone };
  }
  return reporter
    ? enterNextStep(withDraft(session, { reporter }), context)
    : { session, replies: [replies.contactRetry] };
}

function submitReport(session: ReportSession, context: DialogContext): DialogStep {
  const { category, description, place, photos, reporter } = session.draft;
  if (!category || !description || !reporter) return enterNextStep(session, context);
  const draft = {
    category,
    description,
    // A report turned into a consultation by 修改 keeps no place: the form of a consultation has none.
    place: category === 'consult' ? {} : { ...place },
    photos: [...photos],
    reporter: { ...reporter },
  };
  return { session: undefined, replies: [], outcome: { type: 'submit-case', draft } };
}

function chooseFieldToEdit(session: ReportSession, field: ReportField, context: DialogContext): DialogStep {
  const cleared: Record<ReportField, Partial<ReportDraft>> = {
    category: { category: undefined },
    description: { description: undefined },
    place: { place: undefined },
    photos: { photos: [], photosDone: false },
    contact: { reporter: undefined },
  };
  const lead = field === 'photos' ? [context.texts.replies.photosCleared] : [];
  return enterNextStep(withDraft(session, cleared[field]), context, lead);
}

function readEditNumber(text: string, editWords: readonly string[]): number | undefined {
  const normalised = normaliseWord(text);
  const word = editWords.map(normaliseWord).find((candidate) => normalised.startsWith(candidate));
  return word === undefined ? undefined : parseChoiceNumber(normalised.slice(word.length));
}

function answerSummary(session: ReportSession, text: string, context: DialogContext): DialogStep {
  const { replies, words } = context.texts;
  if (isOneOf(text, words.confirm)) return submitReport(session, context);
  if (isOneOf(text, words.edit)) return repeatStep({ ...session, step: 'edit-choice' }, context);
  const number = readEditNumber(text, words.edit);
  const field = number === undefined ? undefined : listSummaryFields(session.draft)[number - 1];
  return field ? chooseFieldToEdit(session, field, context) : { session, replies: [replies.summaryRetry] };
}

function answerEditChoice(session: ReportSession, text: string, context: DialogContext): DialogStep {
  const { replies, words } = context.texts;
  if (isOneOf(text, words.back)) return repeatStep({ ...session, step: 'summary' }, context);
  const number = parseChoiceNumber(text);
  const field =
    number === undefined
      ? findFieldByLabel(text, session.draft, context)
      : listSummaryFields(session.draft)[number - 1];
  return field
    ? chooseFieldToEdit(session, field, context)
    : repeatStep(session, context, [replies.editRetry]);
}

function answerText(session: ReportSession, text: string, context: DialogContext): DialogStep {
  const { replies, words } = context.texts;
  switch (session.step) {
    case 'category': {
      const category = recogniseCategory(text, context.categories, words);
      return category
        ? enterNextStep(withDraft(session, { category }), context)
        : repeatStep(session, context, [replies.categoryRetry]);
    }
    case 'description': {
      const description = text.trim();
      if (description.length < DESCRIPTION_MIN) {
        return { session, replies: [fillText(replies.descriptionTooShort, { min: DESCRIPTION_MIN })] };
      }
      return checkScopeThenAdvance(withDraft(session, { description }), context, []);
    }
    case 'place':
      return answerPlace(session, text, context);
    case 'photos':
      return isOneOf(text, words.photosDone)
        ? enterNextStep(withDraft(session, { photosDone: true }), context)
        : { session, replies: [replies.photosRetry] };
    case 'contact':
      return answerContact(session, text, context);
    case 'summary':
      return answerSummary(session, text, context);
    default:
      return answerEditChoice(session, text, context);
  }
}

/** After a referral or a consultation offer only one word continues; anything else starts afresh. */
function answerOffer(
  session: ReportSession,
  input: DialogInput,
  context: DialogContext,
): DialogStep | undefined {
  const { replies, words } = context.texts;
  if (input.kind !== 'text') return undefined;
  const accept = session.step === 'scope-referral' ? words.continue : words.fileConsult;
  if (isOneOf(input.text, accept)) return enterNextStep(session, context);
  if (isOneOf(input.text, words.cancel)) return { session: undefined, replies: [replies.stopped] };
  return undefined;
}

export function handleReportInput(
  session: ReportSession,
  input: DialogInput,
  context: DialogContext,
): DialogStep | undefined {
  const { replies, words } = context.texts;
  if (session.step === 'scope-referral' || session.step === 'consult-offer') {
    return answerOffer(session, input, context);
  }
  switch (input.kind) {
    case 'text':
      if (isOneOf(input.text, words.cancel)) return { session: undefined, replies: [replies.cancelled] };
      // 举报 again mid-way keeps what is filled in: elderly reporters repeat the command when unsure.
      if (isOneOf(input.text, words.help) || isOneOf(input.text, words.report)) {
        return repeatStep(session, context, [replies.inDialogHelp]);
      }
      return answerText(session, input.text, context);
    case 'unheard-voice':
      return repeatStep(session, context, [replies.voiceNotRecognised]);
    case 'image':
      return acceptPhoto(session, input.mediaRef, context);
    case 'location':
      return acceptLocation(session, input, context);
    default:
      return repeatStep(session, context);
  }
}
