export {
  submitCase,
  listMyCases,
  getMyCase,
  supplementCase,
  answerSurvey,
  requestReview,
  searchKnowledge,
  type SubmittedCase,
  type KnowledgeItem,
} from './citizen-api';
export { getSettings, getSignboard, getPhoneFromCode, type CitizenSettings } from './form-api';
export { uploadPhoto } from './photo-upload';
export { askSubscribeGrants } from './subscribe-grants';
export { ApiError } from './http-client';
