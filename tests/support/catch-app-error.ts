import { AppError } from '../../server/http/app-error';

/** The AppError (or subclass) an action throws; fails the test when it throws nothing or something else. */
export function catchAppError<T extends AppError = AppError>(
  action: () => unknown,
  type: abstract new (...args: never[]) => T = AppError as unknown as abstract new (...args: never[]) => T,
): T {
  try {
    action();
  } catch (error) {
    if (error instanceof type) return error;
    throw error;
  }
  throw new Error(`expected a ${type.name}, but nothing was thrown`);
}
