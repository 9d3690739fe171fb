/**
 * The satisfaction survey (满意度回访) as plain data and its checks. The values are the server's
 * (server/cases/domain/case-types.ts SURVEY_SATISFACTIONS, SURVEY_SOLVED; checkSurveyAnswer).
 */
export const SATISFACTION_CHOICES = [
  { value: 'very_satisfied', label: '非常满意' },
  { value: 'satisfied', label: '满意' },
  { value: 'basically_satisfied', label: '基本满意' },
  { value: 'dissatisfied', label: '不满意' },
] as const;

export const SOLVED_CHOICES = [
  { value: 'solved', label: '已解决' },
  { value: 'partly', label: '部分解决' },
  { value: 'unsolved', label: '未解决' },
] as const;

export const STAR_CHOICES = [
  { value: 1, label: '很差' },
  { value: 2, label: '较差' },
  { value: 3, label: '一般' },
  { value: 4, label: '较好' },
  { value: 5, label: '很好' },
] as const;

export type Satisfaction = (typeof SATISFACTION_CHOICES)[number]['value'];
export type Solved = (typeof SOLVED_CHOICES)[number]['value'];
export type Stars = (typeof STAR_CHOICES)[number]['value'];

export const SURVEY_COMMENT_MAX_CHARS = 500;
const HTML_TAG = /<\s*\/?\s*[a-z!?][^>]*>/i;

export interface SurveyDraft {
  satisfaction?: Satisfaction;
  solved?: Solved;
  stars?: Stars;
  comment: string;
}

/** The body of POST …/survey. */
export interface SurveyAnswer {
  satisfaction: Satisfaction;
  solved: Solved;
  stars: Stars;
  comment?: string;
}

export const EMPTY_SURVEY: SurveyDraft = { comment: '' };

/** Every problem, in the order of the page, so the citizen sees all that is missing at once. */
export function validateSurvey(draft: SurveyDraft): string[] {
  const problems: string[] = [];
  if (!draft.satisfaction) problems.push('请选择您对办理结果是否满意。');
  if (!draft.solved) problems.push('请选择问题是否已经解决。');
  if (!draft.stars) problems.push('请点星星打分（1到5星）。');
  const comment = draft.comment.trim();
  if ([...comment].length > SURVEY_COMMENT_MAX_CHARS)
    problems.push(`留言请不要超过${SURVEY_COMMENT_MAX_CHARS}个字。`);
  else if (HTML_TAG.test(comment)) problems.push('留言里不能包含网页代码。');
  return problems;
}

export function toSurveyAnswer(draft: SurveyDraft): SurveyAnswer {
  const { satisfaction, solved, stars } = draft;
  if (!satisfaction || !solved || !stars) throw new Error('toSurveyAnswer needs a validated draft');
  const comment = draft.comment.trim();
  return { satisfaction, solved, stars, ...(comment ? { comment } : {}) };
}
