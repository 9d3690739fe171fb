/**
 * The bot's only link to the platform: one HTTP call per chat message (POST /api/v1/bot/turns),
 * plus the upload of a photo's bytes before its turn. The server runs the conversation; this
 * client only carries messages there and replies back.
 */
import { z } from 'zod';
import type { InboundChat } from '../dialog/dialog-types';
import type { PhotoContentType } from './message-adapter';

export interface TurnClient {
  /** The replies to send, in order (may be empty). */
  sendTurn(userId: string, message: InboundChat): Promise<string[]>;
  /** The photo id to send as the mediaRef of an image turn. */
  uploadPhoto(bytes: Uint8Array, contentType: PhotoContentType): Promise<string>;
}

/** A call that did not give an answer: status is undefined when the server was not reached. */
export class BotServerError extends Error {
  constructor(
    message: string,
    readonly status: number | undefined,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'BotServerError';
  }
}

export interface TurnClientOptions {
  serverUrl: string;
  apiToken: string;
  timeoutMs: number;
}

const turnAnswer = z.object({ replies: z.array(z.string()) });
const photoAnswer = z.object({ photoId: z.string().regex(/^[0-9a-f]{64}$/) });
const errorAnswer = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

export function createTurnClient(options: TurnClientOptions): TurnClient {
  async function post<T>(path: string, body: Uint8Array | string, contentType: string, answer: z.ZodType<T>) {
    const url = `${options.serverUrl}${path}`;
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${options.apiToken}`, 'content-type': contentType },
        body,
        signal: AbortSignal.timeout(options.timeoutMs),
      });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new BotServerError(`POST ${path}: server not reached (${reason})`, undefined);
    }
    const text = await response.text().catch(() => '');
    const json = parseJson(text);
    if (!response.ok) {
      const detail = errorAnswer.safeParse(json);
      const code = detail.success ? detail.data.error.code : undefined;
      const message = detail.success ? `${code}: ${detail.data.error.message}` : text.slice(0, 200);
      throw new BotServerError(`POST ${path}: ${response.status} ${message}`, response.status, code);
    }
    const parsed = answer.safeParse(json);
    if (!parsed.success) {
      throw new BotServerError(`POST ${path}: unexpected answer ${text.slice(0, 200)}`, response.status);
    }
    return parsed.data;
  }

  return {
    async sendTurn(userId, message) {
      const body = JSON.stringify({ channel: 'wechaty', userId, message });
      const answer = await post('/api/v1/bot/turns', body, 'application/json', turnAnswer);
      return answer.replies;
    },
    async uploadPhoto(bytes, contentType) {
      const answer = await post('/api/v1/bot/photos', bytes, contentType, photoAnswer);
      return answer.photoId;
    },
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
