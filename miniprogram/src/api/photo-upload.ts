/**
 * Uploads one photo with Taro.uploadFile: multipart/form-data, field `photo`, to
 * POST /api/v1/citizen/photos (wechat-protocol.md §6.5). uploadFile "succeeds" for any HTTP
 * status, so the status and the JSON text are checked here; a 401 logs in again once, as
 * requestJson does. In H5 a big picture is made smaller first (WeChat compresses on the phone).
 */
import Taro from '@tarojs/taro';
import { getToken, login } from './citizen-auth';
import { ApiError, toApiError } from './http-client';
import { shrinkForUpload } from './image-shrink';

const UPLOAD_TIMEOUT_MS = 60000;
const GRACE_MS = 5000;
const NETWORK_MESSAGE = '照片没有传上去，可能是网络不太通畅。请点“重试”。';

interface UploadReply {
  status: number;
  data: unknown;
}

function parseJson(text: unknown): unknown {
  if (typeof text !== 'string') return text;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

async function sendFile(
  filePath: string,
  token: string,
  onProgress?: (percent: number) => void,
): Promise<UploadReply> {
  try {
    const task = Taro.uploadFile({
      url: `${API_BASE}/api/v1/citizen/photos`,
      filePath,
      name: 'photo',
      header: { authorization: `Bearer ${token}` },
      timeout: UPLOAD_TIMEOUT_MS,
    });
    task.progress?.((update) => onProgress?.(update.progress));
    // Taro's own timeout starts only once the H5 build has read the file; a read that never ends
    // (a blocked blob: URL) would leave the photo "uploading" for ever without this one.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const giveUp = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        task.abort?.();
        reject(new Error('upload timed out'));
      }, UPLOAD_TIMEOUT_MS + GRACE_MS);
    });
    const response = await Promise.race([task, giveUp]).finally(() => clearTimeout(timer));
    return { status: response.statusCode, data: parseJson(response.data) };
  } catch {
    throw new ApiError('network', 0, NETWORK_MESSAGE);
  }
}

/** Resolves with the photo id the case submission carries. */
export async function uploadPhoto(filePath: string, onProgress?: (percent: number) => void): Promise<string> {
  const path = process.env.TARO_ENV === 'h5' ? await shrinkForUpload(filePath) : filePath;
  let reply: UploadReply;
  try {
    reply = await sendFile(path, await getToken(), onProgress);
    if (reply.status === 401) reply = await sendFile(path, await login(), onProgress);
  } finally {
    // The smaller copy is made again on a retry; the thumbnail keeps showing the original.
    if (path !== filePath) URL.revokeObjectURL(path);
  }
  const photoId = (reply.data as { photoId?: unknown } | undefined)?.photoId;
  if (reply.status >= 200 && reply.status < 300 && typeof photoId === 'string') return photoId;
  throw toApiError(reply.status, reply.data);
}
