/**
 * The intake checks that need the case base: duplicates (比对查重, art. 7(2)) and out-of-scope
 * matters (art. 3). Candidates are narrowed by place in the database, then scored in code.
 */
import { loadDuplicateRules } from '../../config/domain/duplicate-rules';
import { loadOutOfScopeRules } from '../../config/domain/out-of-scope-rules';
import type { CaseDeps } from './case-deps';
import type { CasePlace, CategoryCode, CaseStatus } from './domain/case-types';
import {
  decideDuplicate,
  findDuplicateCandidates,
  listRelatedCategories,
  type DuplicateCase,
} from './domain/duplicate-scoring';
import { detectOutOfScope } from './domain/out-of-scope';
import type { CaseRecord, IntakeFindings } from './data-access/case-repository';

const KM_PER_DEGREE_LATITUDE = 111.32;
const MAX_CANDIDATES = 200;
/** A new report is merged without staff only into a case that is still being worked on. */
const OPEN_STATUSES: CaseStatus[] = [
  'received',
  'needs_info',
  'accepted',
  'assigned',
  'returned',
  'handling',
  'extended',
  'review_requested',
  'reviewing',
];

export interface IntakeSubject {
  id?: string;
  category: CategoryCode;
  description: string;
  place: CasePlace;
  reporterKeys: string[];
  createdAt: Date;
}

export interface DuplicateCheck {
  check(subject: IntakeSubject): Promise<{ findings: IntakeFindings; autoMergeInto?: string }>;
  candidatesFor(record: CaseRecord): Promise<NonNullable<IntakeFindings['duplicates']>>;
}

function boxAround(place: CasePlace, radiusKm: number) {
  if (place.latitude === undefined || place.longitude === undefined) return undefined;
  const dLat = radiusKm / KM_PER_DEGREE_LATITUDE;
  const dLng =
    radiusKm / (KM_PER_DEGREE_LATITUDE * Math.max(Math.cos((place.latitude * Math.PI) / 180), 0.01));
  return {
    minLat: place.latitude - dLat,
    maxLat: place.latitude + dLat,
    minLng: place.longitude - dLng,
    maxLng: place.longitude + dLng,
  };
}

/** The scorer compares one reporter key; a shared key of any kind makes it "the same reporter". */
function asScored(subject: IntakeSubject, candidate: CaseRecord): DuplicateCase {
  const shared = candidate.reporterKeys.some((key) => subject.reporterKeys.includes(key));
  return { ...candidate, reporterKey: shared ? 'same-reporter' : candidate.reporterKeys[0] };
}

export function createDuplicateCheck(deps: CaseDeps): DuplicateCheck {
  const rules = loadDuplicateRules();
  const outOfScopeRules = loadOutOfScopeRules();

  async function loadCandidates(subject: IntakeSubject): Promise<CaseRecord[]> {
    const categories = listRelatedCategories(subject.category, rules) as CategoryCode[];
    if (categories.length === 0) return [];
    const since = new Date(subject.createdAt.getTime() - rules.windowDays * 24 * 60 * 60 * 1000);
    const found = await deps.repo.listNearbyRecent({
      categories,
      since,
      regionCode: subject.place.regionCode,
      waterBody: subject.place.waterBody,
      box: boxAround(subject.place, rules.radiusKm),
      limit: MAX_CANDIDATES,
    });
    return found.filter((candidate) => candidate.id !== subject.id);
  }

  async function check(subject: IntakeSubject) {
    const findings: IntakeFindings = {};
    const outOfScope = detectOutOfScope(subject.description, outOfScopeRules);
    if (outOfScope) findings.outOfScope = outOfScope;

    const candidates = await loadCandidates(subject);
    const byId = new Map(candidates.map((candidate) => [candidate.id, candidate]));
    const self: DuplicateCase = { id: subject.id ?? 'new', ...subject, reporterKey: 'same-reporter' };
    const decision = decideDuplicate(
      self,
      candidates.map((candidate) => asScored(subject, candidate)),
      rules,
    );
    if (decision.candidates.length > 0) {
      findings.duplicates = decision.candidates.map((candidate) => ({
        caseId: candidate.caseId,
        trackingNumber: byId.get(candidate.caseId)?.trackingNumber ?? '',
        score: Math.round(candidate.score * 1000) / 1000,
        reasons: candidate.reasons,
      }));
    }
    const target = decision.kind === 'auto-merge' ? byId.get(decision.target.caseId) : undefined;
    const autoMergeInto = target && OPEN_STATUSES.includes(target.status) ? target.trackingNumber : undefined;
    return { findings, autoMergeInto };
  }

  async function candidatesFor(record: CaseRecord) {
    const subject = { ...record, createdAt: record.createdAt };
    const candidates = await loadCandidates(subject);
    const byId = new Map(candidates.map((candidate) => [candidate.id, candidate]));
    const scored = findDuplicateCandidates(
      { ...record, reporterKey: 'same-reporter' },
      candidates.map((candidate) => asScored(subject, candidate)),
      rules,
    );
    return scored.map((candidate) => {
      const other = byId.get(candidate.caseId)!;
      return {
        caseId: candidate.caseId,
        trackingNumber: other.trackingNumber,
        score: Math.round(candidate.score * 1000) / 1000,
        reasons: candidate.reasons,
        status: other.status,
        description: other.description,
        place: other.place,
        createdAt: other.createdAt,
      };
    });
  }

  return { check, candidatesFor };
}
