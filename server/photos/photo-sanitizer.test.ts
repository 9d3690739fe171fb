import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import {
  buildJpegWithGps,
  buildPlainJpeg,
  buildPlainPng,
  buildPlainWebp,
  buildPngWithMetadata,
  buildWebpWithExif,
  findPrivateBytes,
  pngChunk,
  PRIVATE_STRINGS,
} from '../../tests/support/photo-fixtures';
import { detectImageType, sanitizePhoto, stripImageMetadata } from './photo-sanitizer';
import { catchAppError } from '../../tests/support/catch-app-error';

const rejectionOf = (action: () => unknown) => catchAppError(action);

const MAX_BYTES = 8 * 1024 * 1024;

function listPngChunks(data: Buffer): Array<{ type: string; bytes: Buffer; crcOk: boolean }> {
  const chunks = [];
  for (let at = 8; at < data.length;) {
    const end = at + 12 + data.readUInt32BE(at);
    const crcOk = crc32(data.subarray(at + 4, end - 4)) === data.readUInt32BE(end - 4);
    chunks.push({ type: data.toString('latin1', at + 4, at + 8), bytes: data.subarray(at, end), crcOk });
    at = end;
  }
  return chunks;
}

function listWebpChunks(data: Buffer): Array<{ fourcc: string; bytes: Buffer }> {
  const chunks = [];
  for (let at = 12; at < data.length;) {
    const length = data.readUInt32LE(at + 4);
    const end = at + 8 + length + (length % 2);
    chunks.push({ fourcc: data.toString('latin1', at, at + 4), bytes: data.subarray(at, end) });
    at = end;
  }
  return chunks;
}

describe('detectImageType', () => {
  it.each([
    ['a JPEG', buildPlainJpeg(), 'jpeg'],
    ['a PNG', buildPlainPng(), 'png'],
    ['a WebP', buildPlainWebp(), 'webp'],
  ])('when the bytes are %s, then the type is read from them', (_, bytes, type) => {
    expect(detectImageType(bytes)).toBe(type);
  });

  it.each([
    ['a GIF', Buffer.from('GIF89a\x01\x00\x01\x00\x80\x00\x00', 'latin1')],
    ['a HEIC from an iPhone', Buffer.from('\0\0\0\x18ftypheic\0\0\0\0mif1heic', 'latin1')],
    ['an SVG', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')],
    ['a PDF', Buffer.from('%PDF-1.7\n%âãÏÓ\n')],
    ['HTML saved as photo.jpg', Buffer.from('<!DOCTYPE html><html><body>photo.jpg</body></html>')],
    ['a RIFF that is not WebP (WAV)', Buffer.from('RIFF\x24\0\0\0WAVEfmt ', 'latin1')],
    ['empty', Buffer.alloc(0)],
  ])('when the bytes are %s, then it is refused as unsupported (415)', (_, bytes) => {
    const error = rejectionOf(() => detectImageType(bytes));
    expect([error.code, error.status]).toEqual(['unsupported-photo', 415]);
    expect(error.message).toBe('只能上传 JPG、PNG 或 WebP 格式的照片。');
  });
});

describe('stripping PNG metadata', () => {
  const withMetadata = buildPngWithMetadata();
  const clean = stripImageMetadata(withMetadata, 'png');

  test('when a PNG has tEXt, zTXt, iTXt, eXIf, tIME and a private chunk, then they are removed', () => {
    expect(withMetadata.includes(Buffer.from(PRIVATE_STRINGS[0]!))).toBe(true);
    expect(findPrivateBytes(clean)).toEqual([]);
    expect(listPngChunks(clean).map((chunk) => chunk.type)).toEqual([
      'IHDR',
      'sRGB',
      'pHYs',
      'IDAT',
      'IDAT',
      'IEND',
    ]);
  });

  test('when metadata is stripped, then IHDR and IDAT are intact and every CRC is valid', () => {
    const before = listPngChunks(withMetadata).filter((chunk) => ['IHDR', 'IDAT'].includes(chunk.type));
    const after = listPngChunks(clean).filter((chunk) => ['IHDR', 'IDAT'].includes(chunk.type));
    expect(after.map((chunk) => chunk.bytes)).toEqual(before.map((chunk) => chunk.bytes));
    expect(listPngChunks(clean).every((chunk) => chunk.crcOk)).toBe(true);
    expect(clean.equals(buildPlainPng())).toBe(true);
  });

  test('when bytes follow IEND, then they are not kept', () => {
    const trailed = Buffer.concat([buildPlainPng(), Buffer.from(PRIVATE_STRINGS[0]!)]);
    expect(stripImageMetadata(trailed, 'png').equals(buildPlainPng())).toBe(true);
  });

  const plain = buildPlainPng();
  const badCrc = Buffer.from(plain);
  badCrc[badCrc.indexOf(Buffer.from('IDAT')) + 6]! ^= 0x01;
  const unknownCritical = Buffer.concat([plain.subarray(0, 33), pngChunk('ZZZZ', 'x'), plain.subarray(33)]);
  it.each([
    ['carrying a bad CRC', badCrc, /CRC/],
    ['cut before IEND', plain.subarray(0, plain.length - 12), /truncated/],
    ['cut inside a chunk', plain.subarray(0, 40), /truncated/],
    ['without IHDR first', Buffer.concat([plain.subarray(0, 8), plain.subarray(33)]), /IHDR/],
    ['carrying an unknown critical chunk', unknownCritical, /critical/],
  ])('when a PNG is %s, then it is refused as malformed (400)', (_, bytes, reason) => {
    const error = rejectionOf(() => stripImageMetadata(bytes, 'png'));
    expect([error.code, error.status]).toEqual(['malformed-photo', 400]);
    expect(String(error.cause)).toMatch(reason);
  });
});

describe('stripping WebP metadata', () => {
  const withExif = buildWebpWithExif();
  const clean = stripImageMetadata(withExif, 'webp');

  test('when a WebP has EXIF and XMP chunks, then they are removed and the VP8X flags cleared', () => {
    expect(findPrivateBytes(clean)).toEqual([]);
    const chunks = listWebpChunks(clean);
    expect(chunks.map((chunk) => chunk.fourcc)).toEqual(['VP8X', 'VP8L']);
    expect(withExif[20]! & 0x0c).toBe(0x0c);
    expect(clean[20]! & 0x0c).toBe(0);
  });

  test('when metadata is stripped, then the RIFF size is fixed and the image chunk is intact', () => {
    expect(clean.readUInt32LE(4)).toBe(clean.length - 8);
    const imageChunk = (data: Buffer) => listWebpChunks(data).find((chunk) => chunk.fourcc === 'VP8L')!.bytes;
    expect(imageChunk(clean).equals(imageChunk(withExif))).toBe(true);
  });

  test('when a simple WebP has nothing to remove, then it comes back unchanged', () => {
    expect(stripImageMetadata(buildPlainWebp(), 'webp').equals(buildPlainWebp())).toBe(true);
  });

  it.each([
    ['cut short of its RIFF size', withExif.subarray(0, withExif.length - 10)],
    [
      'starting with an unknown chunk',
      Buffer.concat([withExif.subarray(0, 12), Buffer.from('JUNK\0\0\0\0')]),
    ],
  ])('when a WebP is %s, then it is refused as malformed (400)', (_, bytes) => {
    expect(rejectionOf(() => stripImageMetadata(bytes, 'webp')).code).toBe('malformed-photo');
  });
});

describe('sanitizePhoto', () => {
  it.each([
    ['a phone JPEG', buildJpegWithGps(), 'image/jpeg', 32, 16],
    ['a PNG', buildPngWithMetadata(), 'image/png', 4, 3],
    ['a WebP', buildWebpWithExif(), 'image/webp', 5, 3],
  ])(
    'when %s is sanitized, then it reports type, size and the hash of the clean bytes',
    (_, bytes, mime, w, h) => {
      const photo = sanitizePhoto(bytes, { maxBytes: MAX_BYTES });
      expect(photo).toMatchObject({ mime, size: photo.data.length, width: w, height: h });
      expect(photo.sha256).toBe(createHash('sha256').update(photo.data).digest('hex'));
      expect(findPrivateBytes(photo.data)).toEqual([]);
    },
  );

  test('when the same picture comes with and without metadata, then both get the same hash', () => {
    const phone = sanitizePhoto(buildJpegWithGps(), { maxBytes: MAX_BYTES });
    expect(phone.sha256).toBe(sanitizePhoto(buildPlainJpeg(), { maxBytes: MAX_BYTES }).sha256);
  });

  test('when a photo is sanitized, then the caller’s buffer is left as it was', () => {
    const input = buildWebpWithExif();
    sanitizePhoto(input, { maxBytes: MAX_BYTES });
    expect(input.equals(buildWebpWithExif())).toBe(true);
  });

  test('when a photo is over the limit, then it is refused with 413 and the limit in MB', () => {
    const jpeg = buildPlainJpeg();
    expect(sanitizePhoto(jpeg, { maxBytes: jpeg.length }).size).toBe(jpeg.length);
    const error = rejectionOf(() =>
      sanitizePhoto(Buffer.alloc(MAX_BYTES + 1, 0xff), { maxBytes: MAX_BYTES }),
    );
    expect([error.code, error.status]).toEqual(['photo-too-large', 413]);
    expect(error.message).toBe('照片太大了，请压缩后再上传（不超过 8 MB）。');
    expect(rejectionOf(() => sanitizePhoto(jpeg, { maxBytes: jpeg.length - 1 })).code).toBe(
      'photo-too-large',
    );
  });

  test('when a photo has zero bytes, then it is refused with 400', () => {
    const error = rejectionOf(() => sanitizePhoto(Buffer.alloc(0), { maxBytes: MAX_BYTES }));
    expect([error.code, error.status]).toEqual(['empty-photo', 400]);
  });
});
