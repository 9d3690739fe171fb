/**
 * The nouns of the intake chat. Every channel (official account, Wechaty, the terminal chat)
 * turns its raw message into an InboundChat and performs the DialogOutcome; the engine in
 * between is pure. Sessions are plain JSON so any store can keep them.
 */
import type { BotTexts } from '../../config/domain/bot-texts';
import type { OutOfScopeRules } from '../../config/domain/out-of-scope-rules';
import type { CasePlace, CategoryCode, SurveyAnswer } from '../../server/cases/domain/case-types';

export type { SurveyAnswer };

export type MenuKey = 'REPORT' | 'QUERY' | 'CONSULT' | 'HELP';

/** A river-chief signboard (河湖长公示牌) whose QR code the reporter scanned. */
export interface Signboard {
  id: string;
  river: string;
  county: string;
  regionCode?: string;
  latitude?: number;
  longitude?: number;
}

export type InboundChat =
  | { kind: 'text'; text: string }
  /** recognition: WeChat's speech-to-text, often missing or empty. */
  | { kind: 'voice'; recognition?: string }
  /** mediaRef: whatever the adapter needs to fetch the picture later (a WeChat MediaId, a file id). */
  | { kind: 'image'; mediaRef: string }
  | { kind: 'location'; latitude: number; longitude: number; label?: string }
  | { kind: 'menu'; key: MenuKey }
  | { kind: 'scene'; signboard: Signboard }
  | { kind: 'follow' };

export type DialogTexts = BotTexts;

export interface CategoryOption {
  code: string;
  name: string;
  hint: string;
}

export interface KnownLocation {
  latitude: number;
  longitude: number;
  label?: string;
}

export interface DialogContext {
  /** In menu order: the reporter answers with the position in this list. */
  categories: readonly CategoryOption[];
  outOfScopeRules: OutOfScopeRules;
  texts: DialogTexts;
  sessionIdleMinutes: number;
  maxPhotos: number;
  /** From the last LOCATION event, when the adapter still considers it fresh; offered as the place. */
  lastLocation?: KnownLocation;
  /** Set by the adapter while one of this reporter's cases waits for more information (needs_info). */
  pendingSupplement?: { trackingNumber: string };
  /**
   * Set by the adapter, outside a dialog, when the text could answer a survey (1–4, 满意…) or is
   * 复查, and one of this reporter's resolved cases has a survey still open.
   */
  pendingSurvey?: { trackingNumber: string };
}

export interface ReporterChoice {
  anonymous: boolean;
  phone?: string;
}

/** What the report dialog has collected so far; a missing field is the next question. */
export interface ReportDraft {
  category?: CategoryCode;
  description?: string;
  place?: CasePlace;
  /** mediaRefs, in the order received. */
  photos: string[];
  photosDone: boolean;
  reporter?: ReporterChoice;
}

export type ReportField = 'category' | 'description' | 'place' | 'photos' | 'contact';

export type ReportStep =
  | ReportField
  | 'summary'
  | 'edit-choice'
  /** The referral was shown; only 继续 keeps the report going. */
  | 'scope-referral'
  /** Knowledge-base answers were shown; 提交 files the question as a consultation. */
  | 'consult-offer';

export interface ReportSession {
  flow: 'report';
  step: ReportStep;
  draft: ReportDraft;
  signboard?: Signboard;
  /** A place offered for confirmation with 1/是. */
  proposal?: { from: 'signboard' | 'last-location'; place: CasePlace };
  /** ISO time of the last message; the session expires after sessionIdleMinutes. */
  lastActiveAt: string;
}

/** Waiting for one free-text answer: the question to consult, or the information to add. */
export interface QuestionSession {
  flow: 'consult-question' | 'supplement';
  trackingNumber?: string;
  lastActiveAt: string;
}

/** The question the survey asks next; the comment is the last and may be skipped. */
export type SurveyStep = 'satisfaction' | 'solved' | 'stars' | 'comment';

export interface SurveySession {
  flow: 'survey';
  step: SurveyStep;
  trackingNumber: string;
  /** The answers given so far. */
  answer: Partial<Omit<SurveyAnswer, 'comment'>>;
  lastActiveAt: string;
}

/** 复查 was sent without a reason: waiting for it. */
export interface ReviewSession {
  flow: 'review';
  /** Known when the review comes from an open survey or names the case; else the use case picks. */
  trackingNumber?: string;
  lastActiveAt: string;
}

export type DialogSession = ReportSession | QuestionSession | SurveySession | ReviewSession;

/** submitCaseSchema without the channel and the reporter's openids, which the adapter adds. */
export interface CaseDraft {
  category: CategoryCode;
  description: string;
  place: CasePlace;
  photos: string[];
  reporter: ReporterChoice;
}

export type DialogOutcome =
  | { type: 'submit-case'; draft: CaseDraft }
  | { type: 'list-cases' }
  | { type: 'show-case'; trackingNumber: string }
  | { type: 'consult'; question: string }
  | { type: 'supplement'; trackingNumber?: string; text: string }
  | { type: 'answer-survey'; trackingNumber: string; answer: SurveyAnswer }
  | { type: 'request-review'; trackingNumber?: string; reason: string };

export interface DialogStep {
  session: DialogSession | undefined;
  /** Send in order. Empty only with an outcome whose result the adapter renders. */
  replies: string[];
  outcome?: DialogOutcome;
}

/** The channel message with speech already turned into text where WeChat recognised it. */
export type DialogInput =
  | { kind: 'text'; text: string }
  | { kind: 'unheard-voice' }
  | Exclude<InboundChat, { kind: 'text' } | { kind: 'voice' }>;
