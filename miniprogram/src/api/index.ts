export { submitCase, listMyCases, getMyCase, type SubmittedCase } from './citizen-api';
export { ApiError } from './http-client';
