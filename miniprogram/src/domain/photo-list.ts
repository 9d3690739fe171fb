/**
 * The photos of a report while they are chosen and uploaded, as plain data. Each photo is
 * uploaded on its own, one after another; a failed one stays in the list with its error until the
 * citizen retries or removes it, so nothing they chose silently disappears.
 */
export const MAX_PHOTOS = 9;

export type PhotoState = 'waiting' | 'uploading' | 'uploaded' | 'failed';

export interface PickedPhoto {
  /** Stable across renders; the temp path can repeat when the same picture is chosen twice. */
  key: string;
  /** The local temp path (WeChat) or blob: URL (H5) the thumbnail shows. */
  path: string;
  state: PhotoState;
  /** 0–100 while uploading, when the platform reports it. */
  percent?: number;
  photoId?: string;
  error?: string;
}

let sequence = 0;

/** Appends newly chosen photos, never past MAX_PHOTOS. */
export function addPhotos(list: PickedPhoto[], paths: string[]): PickedPhoto[] {
  const room = Math.max(0, MAX_PHOTOS - list.length);
  const added = paths.slice(0, room).map((path) => {
    sequence += 1;
    return { key: `photo-${sequence}`, path, state: 'waiting' as const };
  });
  return [...list, ...added];
}

export function removePhoto(list: PickedPhoto[], key: string): PickedPhoto[] {
  return list.filter((photo) => photo.key !== key);
}

function patchPhoto(list: PickedPhoto[], key: string, patch: Partial<PickedPhoto>): PickedPhoto[] {
  return list.map((photo) => (photo.key === key ? { ...photo, ...patch } : photo));
}

export const markUploading = (list: PickedPhoto[], key: string) =>
  patchPhoto(list, key, { state: 'uploading', percent: 0, error: undefined });

export const markProgress = (list: PickedPhoto[], key: string, percent: number) =>
  patchPhoto(list, key, { percent: Math.max(0, Math.min(100, Math.round(percent))) });

export const markUploaded = (list: PickedPhoto[], key: string, photoId: string) =>
  patchPhoto(list, key, { state: 'uploaded', photoId, percent: 100, error: undefined });

export const markFailed = (list: PickedPhoto[], key: string, error: string) =>
  patchPhoto(list, key, { state: 'failed', error, percent: undefined });

/** "Retry": the photo goes back into the queue. */
export const retryPhoto = (list: PickedPhoto[], key: string) =>
  patchPhoto(list, key, { state: 'waiting', error: undefined });

/** The next photo to upload: none while one is on its way (one at a time keeps progress readable). */
export function nextToUpload(list: PickedPhoto[]): PickedPhoto | undefined {
  if (list.some((photo) => photo.state === 'uploading')) return undefined;
  return list.find((photo) => photo.state === 'waiting');
}

export function uploadedIds(list: PickedPhoto[]): string[] {
  return list.flatMap((photo) => (photo.state === 'uploaded' && photo.photoId ? [photo.photoId] : []));
}

/** "正在上传 2/3" while photos are on their way, else undefined. */
export function uploadProgressText(list: PickedPhoto[]): string | undefined {
  const pending = list.filter((photo) => photo.state === 'waiting' || photo.state === 'uploading');
  if (pending.length === 0) return undefined;
  const done = list.filter((photo) => photo.state === 'uploaded').length;
  const total = done + pending.length;
  return `正在上传 ${done + 1}/${total}`;
}

/** Why the report cannot be sent yet because of its photos, or undefined when it can. */
export function photoProblem(list: PickedPhoto[]): string | undefined {
  if (uploadProgressText(list)) return '照片还在上传，请等上传完成后再提交。';
  const failed = list.filter((photo) => photo.state === 'failed').length;
  if (failed > 0) return `有 ${failed} 张照片没有传上去，请点照片下面的“重试”，或者点“删除”后再提交。`;
  return undefined;
}
