import fs from 'node:fs';
import path from 'node:path';
import {
  buildJpegWithGps,
  buildPlainJpeg,
  findPrivateBytes,
  jpegSegment,
  PRIVATE_STRINGS,
} from '../../tests/support/photo-fixtures';
import { stripImageMetadata } from './photo-sanitizer';
import { catchAppError } from '../../tests/support/catch-app-error';

const rejectionOf = (action: () => unknown) => catchAppError(action);

const FIXTURE = path.join(__dirname, '..', '..', 'tests', 'fixtures', 'photos', 'jpeg-with-gps.jpg');
const SOS = Buffer.from([0xff, 0xda]);
const EOI = Buffer.from([0xff, 0xd9]);

/** Walks the segments on its own (not with the code under test): the marker list, or a failure. */
function listJpegMarkers(data: Buffer): number[] {
  expect([data[0], data[1]]).toEqual([0xff, 0xd8]);
  const markers = [0xd8];
  let at = 2;
  while (at < data.length) {
    expect(data[at]).toBe(0xff);
    const marker = data[at + 1]!;
    markers.push(marker);
    if (marker === 0xd9) break;
    at += 2 + data.readUInt16BE(at + 2);
    const isScanData = (next: number) => next === 0 || (next >= 0xd0 && next <= 0xd7);
    if (marker === 0xda) while (!(data[at] === 0xff && !isScanData(data[at + 1]!))) at += 1;
  }
  expect(at + 2).toBe(data.length);
  return markers;
}

/** From the scan header to EOI: the picture itself. */
const scanOf = (jpeg: Buffer) => jpeg.subarray(jpeg.indexOf(SOS), jpeg.lastIndexOf(EOI) + 2);

describe('stripping JPEG metadata', () => {
  const phoneJpeg = buildJpegWithGps();
  const clean = stripImageMetadata(phoneJpeg, 'jpeg');

  test('when the saved fixture is read, then it is what buildJpegWithGps() builds', () => {
    expect(fs.readFileSync(FIXTURE).equals(phoneJpeg)).toBe(true);
  });

  test('when a phone JPEG carries Exif GPS, XMP, IPTC, MPF, a comment and a trailer, then none of it remains', () => {
    expect(findPrivateBytes(phoneJpeg)).toEqual([...PRIVATE_STRINGS, 'GPSLatitude value']);
    expect(findPrivateBytes(clean)).toEqual([]);
  });

  test('when metadata is stripped, then the tables and the entropy-coded scan are byte-identical', () => {
    expect(scanOf(clean).equals(scanOf(phoneJpeg))).toBe(true);
    expect(clean.equals(buildPlainJpeg())).toBe(true);
  });

  test('when metadata is stripped, then the result still parses as a JPEG with only decoding segments', () => {
    expect(listJpegMarkers(clean)).toEqual([0xd8, 0xe0, 0xdb, 0xc0, 0xc4, 0xdd, 0xda, 0xd9]);
    expect(stripImageMetadata(clean, 'jpeg').equals(clean)).toBe(true);
  });

  test('when the JFIF header has a thumbnail, then the thumbnail is dropped and the header kept', () => {
    const app0 = clean.subarray(2, 2 + 18);
    expect(app0.readUInt16BE(2)).toBe(16);
    expect(app0.toString('latin1', 4, 9)).toBe('JFIF\0');
    expect([app0[16], app0[17]]).toEqual([0, 0]);
  });

  test('when the JPEG has an ICC profile and an Adobe colour segment, then both are kept verbatim', () => {
    const iccPayload = Buffer.concat([
      Buffer.from('ICC_PROFILE\0'),
      Buffer.from([1, 1]),
      Buffer.alloc(40, 7),
    ]);
    const icc = jpegSegment(0xe2, iccPayload);
    const adobe = jpegSegment(0xee, Buffer.from([...Buffer.from('Adobe'), 0, 100, 0, 0, 0, 0, 1]));
    const fpxr = jpegSegment(0xe2, `FPXR\0${PRIVATE_STRINGS[0]}`);
    const withColour = Buffer.concat([phoneJpeg.subarray(0, 2), icc, fpxr, adobe, phoneJpeg.subarray(2)]);
    const result = stripImageMetadata(withColour, 'jpeg');
    expect(result.includes(icc)).toBe(true);
    expect(result.includes(adobe)).toBe(true);
    expect(findPrivateBytes(result)).toEqual([]);
  });

  test('when a JPEG has several scans with a comment between them, then every scan is kept and the comment is not', () => {
    const plain = buildPlainJpeg();
    const beforeEoi = plain.subarray(0, plain.length - 2);
    const scanWithoutEoi = scanOf(plain).subarray(0, -2);
    const comment = jpegSegment(0xfe, `${PRIVATE_STRINGS[0]}`);
    const twoScans = Buffer.concat([beforeEoi, comment, scanWithoutEoi, EOI]);
    expect(stripImageMetadata(twoScans, 'jpeg').equals(Buffer.concat([beforeEoi, scanWithoutEoi, EOI]))).toBe(
      true,
    );
  });
});

describe('keeping the JPEG orientation', () => {
  /** IFD0 with Orientation only, big-endian: what a decoder needs to turn the picture upright. */
  const orientationOnly = (value: number) =>
    Buffer.from([
      ...Buffer.from('Exif\0\0MM\0\x2a\0\0\0\x08\0\x01\x01\x12\0\x03\0\0\0\x01\0', 'latin1'),
      value,
      0,
      0,
      0,
      0,
      0,
      0,
    ]);
  const app1Of = (jpeg: Buffer) => {
    const at = jpeg.indexOf(Buffer.from([0xff, 0xe1]));
    return at < 0 ? undefined : jpeg.subarray(at + 4, at + 2 + jpeg.readUInt16BE(at + 2));
  };

  test('when a phone JPEG says "rotate 90°", then only a fresh Exif with that orientation is kept', () => {
    const clean = stripImageMetadata(buildJpegWithGps({ orientation: 6 }), 'jpeg');
    expect(app1Of(clean)).toEqual(orientationOnly(6));
    expect(findPrivateBytes(clean, ['Exif'])).toEqual([]);
    expect(listJpegMarkers(clean)).toEqual([0xd8, 0xe0, 0xe1, 0xdb, 0xc0, 0xc4, 0xdd, 0xda, 0xd9]);
  });

  test('when the Exif is little-endian, then its orientation is read all the same', () => {
    const tiff = Buffer.from('II\x2a\0\x08\0\0\0\x01\0\x12\x01\x03\0\x01\0\0\0\x08\0\0\0\0\0\0\0', 'latin1');
    const exif = jpegSegment(0xe1, Buffer.concat([Buffer.from('Exif\0\0'), tiff]));
    const plain = buildPlainJpeg();
    const clean = stripImageMetadata(Buffer.concat([plain.subarray(0, 2), exif, plain.subarray(2)]), 'jpeg');
    expect(app1Of(clean)).toEqual(orientationOnly(8));
  });

  test.each([
    ['upright (1)', buildJpegWithGps({ orientation: 1 })],
    ['out of range (9)', buildJpegWithGps({ orientation: 9 })],
    [
      'in unreadable Exif',
      Buffer.concat([
        buildPlainJpeg().subarray(0, 2),
        jpegSegment(0xe1, Buffer.from('Exif\0\0MM\0\x2a\xff\xff\xff\xff', 'latin1')),
        buildPlainJpeg().subarray(2),
      ]),
    ],
  ])('when the orientation is %s, then no Exif is kept at all', (_, jpeg) => {
    expect(stripImageMetadata(jpeg, 'jpeg').equals(buildPlainJpeg())).toBe(true);
  });
});

describe('refusing broken JPEGs', () => {
  const plain = buildPlainJpeg();
  it.each([
    ['cut inside the scan', plain.subarray(0, plain.length - 6)],
    ['missing only its EOI', plain.subarray(0, plain.length - 2)],
    ['cut inside a segment', plain.subarray(0, 30)],
    ['cut after SOI', plain.subarray(0, 3)],
    [
      'an APP1 longer than the file',
      Buffer.concat([plain.subarray(0, 2), Buffer.from([0xff, 0xe1, 0xff, 0xf0, 0x45])]),
    ],
    [
      'a scan before the frame header',
      Buffer.concat([plain.subarray(0, 2), plain.subarray(plain.indexOf(SOS))]),
    ],
    ['an EOI before any scan', Buffer.from([0xff, 0xd8, 0xff, 0xd9])],
    [
      'HTML behind a JPEG magic number',
      Buffer.from('\xff\xd8\xff<html><script>alert(1)</script></html>', 'latin1'),
    ],
    ['a segment length below 2', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x01, 0xff, 0xd9])],
  ])('when a JPEG is %s, then it is refused as malformed (400)', (_, bytes) => {
    const error = rejectionOf(() => stripImageMetadata(bytes, 'jpeg'));
    expect([error.code, error.status]).toEqual(['malformed-photo', 400]);
  });
});
