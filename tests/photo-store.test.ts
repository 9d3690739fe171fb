import { randomBytes } from 'node:crypto';
import type { Connection } from 'mongoose';
import { AppError } from '../server/http/app-error';
import {
  DEFAULT_MAX_PHOTO_BYTES,
  loadPhoto,
  storePhoto,
} from '../server/photos/data-access/photo-repository';
import { sanitizePhoto } from '../server/photos/photo-sanitizer';
import {
  buildJpegWithGps,
  buildPlainJpeg,
  buildPlainPng,
  GPS_LATITUDE_BYTES,
  GPS_MARKER,
  pngChunk,
  PRIVATE_STRINGS,
} from './support/photo-fixtures';
import { connectTestDatabase, dropTestDatabase } from './support/test-database';

let db: Connection;

beforeAll(async () => {
  db = await connectTestDatabase('photo_store');
});
afterAll(() => dropTestDatabase(db));

const photos = () => db.collection('photos');

/** A PNG of about `bytes` whose IDAT is random (the sanitizer never inflates it). */
function buildLargePng(bytes: number): Buffer {
  const plain = buildPlainPng();
  const iend = plain.subarray(plain.length - 12);
  const overhead = plain.length + 12;
  return Buffer.concat([
    plain.subarray(0, plain.length - 12),
    pngChunk('IDAT', randomBytes(bytes - overhead)),
    iend,
  ]);
}

describe('storing case photos', () => {
  test('when the same photo is stored twice, then there is one document and both calls get its id', async () => {
    const first = await storePhoto(db, buildJpegWithGps());
    const second = await storePhoto(db, buildJpegWithGps());
    const plain = await storePhoto(db, buildPlainJpeg());
    expect(second).toEqual(first);
    expect(plain.id).toBe(first.id);
    expect(first).toEqual({
      id: first.sha256,
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      mime: 'image/jpeg',
      size: buildPlainJpeg().length,
      width: 32,
      height: 16,
    });
    expect(await photos().countDocuments({ _id: first.id as never })).toBe(1);
  });

  test('when the same photo arrives from several requests at once, then it is stored once without error', async () => {
    const png = buildPlainPng();
    const results = await Promise.all([1, 2, 3, 4].map(() => storePhoto(db, png)));
    expect(new Set(results.map((result) => result.id)).size).toBe(1);
    expect(await photos().countDocuments({ _id: results[0]!.id as never })).toBe(1);
  });

  test('when a stored photo is loaded, then the sanitized bytes come back with their type', async () => {
    const stored = await storePhoto(db, buildJpegWithGps());
    const loaded = await loadPhoto(db, stored.id);
    expect(loaded?.mime).toBe('image/jpeg');
    expect(Buffer.isBuffer(loaded?.data)).toBe(true);
    expect(loaded?.data.equals(sanitizePhoto(buildJpegWithGps(), { maxBytes: 1e6 }).data)).toBe(true);
  });

  test('when a phone photo with GPS is stored, then no metadata is anywhere in the stored document', async () => {
    const stored = await storePhoto(db, buildJpegWithGps());
    const raw = await photos().findOne({ _id: stored.id as never });
    const data = Buffer.from((raw?.data as { buffer: Uint8Array }).buffer);
    expect(data.length).toBe(stored.size);
    expect(data.includes(Buffer.from(GPS_MARKER))).toBe(false);
    expect(data.includes(GPS_LATITUDE_BYTES)).toBe(false);
    const document = Buffer.from(JSON.stringify({ ...raw, data: data.toString('latin1') }), 'utf8');
    for (const text of PRIVATE_STRINGS) expect(document.includes(Buffer.from(text))).toBe(false);
  });

  test('when a photo is just under the 8 MB limit, then it is stored and loaded whole', async () => {
    const large = buildLargePng(DEFAULT_MAX_PHOTO_BYTES - 1024);
    const stored = await storePhoto(db, large);
    expect(stored.size).toBe(large.length);
    expect((await loadPhoto(db, stored.id))?.data.equals(large)).toBe(true);
  });

  test('when a file is not a photo or too large, then it is refused and nothing is stored', async () => {
    const before = await photos().countDocuments();
    await expect(storePhoto(db, Buffer.from('<!DOCTYPE html><p>photo.jpg</p>'))).rejects.toMatchObject({
      code: 'unsupported-photo',
      status: 415,
    });
    const tooLarge = storePhoto(db, buildLargePng(DEFAULT_MAX_PHOTO_BYTES + 1));
    await expect(tooLarge).rejects.toBeInstanceOf(AppError);
    await expect(tooLarge).rejects.toMatchObject({ code: 'photo-too-large', status: 413 });
    expect(await photos().countDocuments()).toBe(before);
  });

  test.each([
    ['an unknown hash', 'a'.repeat(64)],
    ['not a hash at all', '../../etc/passwd'],
    ['an upper-case hash', 'A'.repeat(64)],
  ])('when %s is loaded, then there is no photo', async (_, id) => {
    expect(await loadPhoto(db, id)).toBeNull();
  });
});
