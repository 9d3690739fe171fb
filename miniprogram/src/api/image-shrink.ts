/**
 * H5 only: a photo straight from a phone camera is often 4000 px and several MB, slow to send on
 * a weak signal. It is drawn onto a canvas at most 1600 px on its long side and sent as a JPEG
 * of quality 0.8 (WeChat does the same on the phone with sizeType 'compressed'). Whenever the
 * browser cannot do it, or it would not make the file smaller, the original is sent as it was.
 */
const MAX_LONG_SIDE = 1600;
const JPEG_QUALITY = 0.8;
/** Below this a re-encode saves little and only costs quality. */
const SMALL_ENOUGH_BYTES = 500 * 1024;

function loadImage(url: string): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const image = new Image();
    image.onload = () => resolve(image);
    image.onerror = () => reject(new Error('image did not load'));
    image.src = url;
  });
}

function toJpeg(canvas: HTMLCanvasElement): Promise<Blob | null> {
  return new Promise((resolve) => canvas.toBlob(resolve, 'image/jpeg', JPEG_QUALITY));
}

/** A blob: URL of the smaller picture, or `url` itself. */
export async function shrinkForUpload(url: string): Promise<string> {
  try {
    const original = await (await fetch(url)).blob();
    const image = await loadImage(url);
    const longSide = Math.max(image.naturalWidth, image.naturalHeight);
    if (longSide <= MAX_LONG_SIDE && original.size <= SMALL_ENOUGH_BYTES) return url;
    const scale = Math.min(1, MAX_LONG_SIDE / longSide);
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(image.naturalWidth * scale);
    canvas.height = Math.round(image.naturalHeight * scale);
    const context = canvas.getContext('2d');
    if (!context) return url;
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
    const smaller = await toJpeg(canvas);
    if (!smaller || smaller.size >= original.size) return url;
    return URL.createObjectURL(smaller);
  } catch {
    return url;
  }
}
