/**
 * The one error type of the platform. `code` is stable and machine-readable; `message` is
 * plain Chinese for the person in front of the screen when `expose` is true, and is replaced
 * by a generic text otherwise (the real cause goes to the log only).
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly expose = status < 500,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (code: string, message: string) => new AppError(code, 404, message);
export const badRequest = (code: string, message: string) => new AppError(code, 400, message);
export const conflict = (code: string, message: string) => new AppError(code, 409, message);
