/**
 * Photos built from bytes, for tests that need a real picture: a baseline JPEG (grey blocks, with
 * restart markers and stuffed 0xFF bytes in its scan), a PNG and a lossless WebP, and copies that
 * carry what phones put in files: Exif with GPS, XMP, IPTC, MPF, comments, text chunks, trailers.
 * Deterministic, so tests/fixtures/photos/jpeg-with-gps.jpg is checked against the builder; to
 * write it again: npx tsx -e "require('fs').writeFileSync('tests/fixtures/photos/jpeg-with-gps.jpg',
 * require('./tests/support/photo-fixtures').buildJpegWithGps())"
 */
import { crc32, deflateSync } from 'node:zlib';

import { buildExifTiff, GPS_LATITUDE_BYTES, GPS_MARKER } from './exif-fixture';

export { buildExifTiff, GPS_LATITUDE_BYTES, GPS_MARKER };

/** Text that the metadata of the fixtures carries; none of it may survive sanitizing. */
export const PRIVATE_STRINGS = [
  GPS_MARKER,
  'Exif',
  'GPS',
  'ns.adobe.com/xap',
  'Photoshop 3.0',
  'MPF',
  'Xiaomi',
  'Redmi Note 12',
  'SN-8842-MWR',
  '张三',
  '13800138000',
  'SEFH',
];

/** Which of PRIVATE_STRINGS (and the GPS latitude bytes) `data` still contains: [] when clean. */
export function findPrivateBytes(data: Buffer, allowed: string[] = []): string[] {
  const found = PRIVATE_STRINGS.filter((text) => !allowed.includes(text) && data.includes(Buffer.from(text)));
  return data.includes(GPS_LATITUDE_BYTES) ? [...found, 'GPSLatitude value'] : found;
}

const JPEG_WIDTH = 32;
const JPEG_HEIGHT = 16;
/** One grey level per 8×8 block, row by row; the jumps make long runs of 1-bits, hence 0xFF00. */
const BLOCK_GREYS = [0, 255, 64, 192, 255, 0, 128, 32];
const RESTART_INTERVAL = 3;
/** The standard luminance DC table (ITU T.81 K.3); the AC table only needs end-of-block. */
const DC_BITS = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0];
const DC_VALUES = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
const AC_BITS = [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
const XMP_PACKET =
  '<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">' +
  '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description ' +
  'xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="30,35.2057N" ' +
  `exif:GPSLongitude="114,18.3417E" exif:UserComment="${GPS_MARKER} 张三"/></rdf:RDF></x:xmpmeta>` +
  '<?xpacket end="w"?>';

export function jpegSegment(marker: number, payload: Buffer | string): Buffer {
  const body = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload;
  const header = Buffer.from([0xff, marker, 0, 0]);
  header.writeUInt16BE(body.length + 2, 2);
  return Buffer.concat([header, body]);
}

/** The JFIF header, optionally with a thumbnail (which can show what a crop removed). */
function jfifSegment(thumbnail?: { width: number; height: number; rgb: Buffer }): Buffer {
  const header = Buffer.from([...Buffer.from('JFIF\0'), 1, 1, 1, 0, 72, 0, 72]);
  const size = Buffer.from([thumbnail?.width ?? 0, thumbnail?.height ?? 0]);
  return jpegSegment(0xe0, Buffer.concat([header, size, thumbnail?.rgb ?? Buffer.alloc(0)]));
}

function buildJpegImageSegments(): Buffer[] {
  const quantisation = Buffer.alloc(65, 16);
  quantisation[0] = 0x00; // 8-bit table 0
  quantisation[1] = 1; // DC step 1, so the DC coefficient is 8 × (grey − 128)
  const frame = Buffer.from([8, 0, JPEG_HEIGHT, 0, JPEG_WIDTH, 1, 1, 0x11, 0]);
  const huffman = Buffer.from([0x00, ...DC_BITS, ...DC_VALUES, 0x10, ...AC_BITS, 0x00]);
  const scanHeader = Buffer.from([1, 1, 0x00, 0, 63, 0]);
  return [
    jpegSegment(0xdb, quantisation),
    jpegSegment(0xc0, frame),
    jpegSegment(0xc4, huffman),
    jpegSegment(0xdd, Buffer.from([0, RESTART_INTERVAL])),
    jpegSegment(0xda, scanHeader),
    encodeJpegScan(),
  ];
}

/** Entropy-codes the DC-only blocks, with restart markers and 0xFF stuffing as a real encoder does. */
function encodeJpegScan(): Buffer {
  const codes = buildCanonicalCodes(DC_BITS, DC_VALUES);
  const bytes: number[] = [];
  let pending = 0;
  let pendingBits = 0;
  const writeBits = (value: number, length: number) => {
    for (let bit = length - 1; bit >= 0; bit -= 1) {
      pending = (pending << 1) | ((value >> bit) & 1);
      pendingBits += 1;
      if (pendingBits === 8) {
        bytes.push(pending, ...(pending === 0xff ? [0x00] : []));
        [pending, pendingBits] = [0, 0];
      }
    }
  };
  const flush = () => {
    while (pendingBits !== 0) writeBits(1, 1);
  };
  let previous = 0;
  BLOCK_GREYS.forEach((grey, index) => {
    if (index > 0 && index % RESTART_INTERVAL === 0) {
      flush();
      bytes.push(0xff, 0xd0 + ((index / RESTART_INTERVAL - 1) % 8));
      previous = 0;
    }
    const coefficient = 8 * (grey - 128);
    const difference = coefficient - previous;
    previous = coefficient;
    const category = difference === 0 ? 0 : Math.floor(Math.log2(Math.abs(difference))) + 1;
    const code = codes.get(category)!;
    writeBits(code.code, code.length);
    writeBits(difference >= 0 ? difference : difference + (1 << category) - 1, category);
    writeBits(0, 1); // end of block: the AC table's only code
  });
  flush();
  return Buffer.from(bytes);
}

function buildCanonicalCodes(
  bits: number[],
  values: number[],
): Map<number, { code: number; length: number }> {
  const codes = new Map<number, { code: number; length: number }>();
  let code = 0;
  let next = 0;
  bits.forEach((count, index) => {
    for (let n = 0; n < count; n += 1) codes.set(values[next++]!, { code: code++, length: index + 1 });
    code <<= 1;
  });
  return codes;
}

const SOI = Buffer.from([0xff, 0xd8]);
const EOI = Buffer.from([0xff, 0xd9]);

/** A 32×16 grey baseline JPEG with a JFIF header and nothing else. */
export function buildPlainJpeg(): Buffer {
  return Buffer.concat([SOI, jfifSegment(), ...buildJpegImageSegments(), EOI]);
}

/** The same picture as a phone sends it: every kind of metadata a reporter could be traced by. */
export function buildJpegWithGps({ orientation = 1 } = {}): Buffer {
  const iptcByline = Buffer.from([0x1c, 0x02, 0x50, 0x00, 0x06, ...Buffer.from('张三')]);
  const photoshop = Buffer.concat([
    Buffer.from('Photoshop 3.0\0' + '8BIM'),
    Buffer.from([0x04, 0x04, 0, 0, 0, 0, 0, iptcByline.length]),
    iptcByline,
  ]);
  const mpf = Buffer.from('MPF\0MM\0\x2a\0\0\0\x08\0\x01\xb0\x00\0\x07\0\0\0\x04' + '0100\0\0\0\0', 'latin1');
  return Buffer.concat([
    SOI,
    jfifSegment({ width: 2, height: 1, rgb: Buffer.from([255, 0, 0, 0, 0, 255]) }),
    jpegSegment(0xe1, Buffer.concat([Buffer.from('Exif\0\0'), buildExifTiff({ orientation })])),
    jpegSegment(0xe1, `http://ns.adobe.com/xap/1.0/\0${XMP_PACKET}`),
    jpegSegment(0xe2, mpf),
    jpegSegment(0xed, photoshop),
    jpegSegment(0xfe, `Shot by 张三 13800138000 ${GPS_MARKER}`),
    ...buildJpegImageSegments(),
    EOI,
    Buffer.from(`SEFH${GPS_MARKER}`), // vendor trailer after EOI, as some phones write
  ]);
}

export function pngChunk(type: string, data: Buffer | string): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), Buffer.from(data)]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(body.length - 4);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function buildPng(metadata: Buffer[]): Buffer {
  const [width, height] = [4, 3];
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, no interlace
  const rows = Array.from({ length: height }, (_, y) =>
    Buffer.from([0, ...Array.from({ length: width }, (_, x) => [x * 80, y * 120, 200]).flat()]),
  );
  const compressed = deflateSync(Buffer.concat(rows));
  const middle = Math.floor(compressed.length / 2);
  return Buffer.concat([
    PNG_SIGNATURE,
    pngChunk('IHDR', header),
    pngChunk('sRGB', Buffer.from([0])),
    ...metadata,
    pngChunk('pHYs', Buffer.from([0, 0, 0x0b, 0x13, 0, 0, 0x0b, 0x13, 1])),
    pngChunk('IDAT', compressed.subarray(0, middle)),
    pngChunk('IDAT', compressed.subarray(middle)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A 4×3 RGB PNG with colour and density chunks only. */
export function buildPlainPng(): Buffer {
  return buildPng([]);
}

/** The same PNG with text, zTXt, XMP, eXIf (GPS), tIME and a private chunk. */
export function buildPngWithMetadata(): Buffer {
  return buildPng([
    pngChunk('tEXt', `Author\0${GPS_MARKER}`),
    pngChunk(
      'zTXt',
      Buffer.concat([Buffer.from('Comment\0\0'), deflateSync(`张三 13800138000 ${GPS_MARKER}`)]),
    ),
    pngChunk('iTXt', `XML:com.adobe.xmp\0\0\0\0\0${XMP_PACKET}`),
    pngChunk('eXIf', buildExifTiff()),
    pngChunk('tIME', Buffer.from([0x07, 0xe9, 6, 1, 9, 41, 7])),
    pngChunk('prVt', `Xiaomi ${GPS_MARKER}`),
  ]);
}

export function webpChunk(fourcc: string, payload: Buffer | string): Buffer {
  const body = Buffer.from(payload);
  const header = Buffer.concat([Buffer.from(fourcc, 'latin1'), Buffer.alloc(4)]);
  header.writeUInt32LE(body.length, 4);
  return Buffer.concat([header, body, Buffer.alloc(body.length % 2)]);
}

function wrapRiff(chunks: Buffer[]): Buffer {
  const header = Buffer.from('RIFF\0\0\0\0WEBP', 'latin1');
  header.writeUInt32LE(4 + chunks.reduce((total, chunk) => total + chunk.length, 0), 4);
  return Buffer.concat([header, ...chunks]);
}

/** A lossless one-colour image: each channel is a one-symbol prefix code, so pixels take 0 bits. */
function buildLosslessBitstream(width: number, height: number): Buffer {
  const bits: number[] = [];
  const put = (value: number, count: number) => {
    for (let bit = 0; bit < count; bit += 1) bits.push((value >> bit) & 1);
  };
  put(width - 1, 14);
  put(height - 1, 14);
  put(0, 1 + 3 + 1 + 1 + 1); // no alpha hint, version 0, no transform, no colour cache, no meta codes
  for (const symbol of [0x66, 0x99, 0xcc, 0xff]) put(0b1_0_1 | (symbol << 3), 11); // green, red, blue, alpha
  put(0b0_0_1, 4); // distance: simple code, one 1-bit symbol 0
  const bytes = Buffer.alloc(Math.ceil(bits.length / 8));
  bits.forEach((bit, index) => (bytes[index >> 3]! |= bit << (index & 7)));
  return Buffer.concat([Buffer.from([0x2f]), bytes]);
}

/** A 5×3 lossless WebP in the simple format (one VP8L chunk). */
export function buildPlainWebp(): Buffer {
  return wrapRiff([webpChunk('VP8L', buildLosslessBitstream(5, 3))]);
}

/** The extended format with EXIF (GPS) and XMP chunks announced in the VP8X flags. */
export function buildWebpWithExif(): Buffer {
  const vp8x = Buffer.alloc(10);
  vp8x[0] = 0x08 | 0x04; // EXIF and XMP present
  vp8x.writeUIntLE(5 - 1, 4, 3);
  vp8x.writeUIntLE(3 - 1, 7, 3);
  return wrapRiff([
    webpChunk('VP8X', vp8x),
    webpChunk('VP8L', buildLosslessBitstream(5, 3)),
    webpChunk('EXIF', buildExifTiff()),
    webpChunk('XMP ', XMP_PACKET),
  ]);
}
