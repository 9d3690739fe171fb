/**
 * Rebuilds a JPEG from an allow-list of segments. Exif (with GPS and the thumbnail), XMP, IPTC,
 * MPF, maker data and comments can all identify a reporter (rules art. 15), so anything that is
 * not needed to decode and orient the picture is left out; the scans are copied byte for byte.
 */
import { buildOrientationSegment, readExifOrientation } from './exif-orientation';
import { malformedPhoto, type StrippedImage } from './photo-errors';

const SOI = 0xd8;
const EOI = 0xd9;
const SOS = 0xda;
const APP0 = 0xe0;
const APP1 = 0xe1;
const APP2 = 0xe2;
const APP14 = 0xee;
/** DHT, DAC, DQT, DNL, DRI, EXP: tables and parameters the decoder reads. */
const TABLE_MARKERS = new Set([0xc4, 0xcc, 0xdb, 0xdc, 0xdd, 0xdf]);
const JFIF_ID = Buffer.from('JFIF\0', 'latin1');
const ICC_ID = Buffer.from('ICC_PROFILE\0', 'latin1');
const ADOBE_ID = Buffer.from('Adobe', 'latin1');
/** "JFIF\0", version, units, densities: the JFIF header up to its optional thumbnail. */
const JFIF_HEADER_BYTES = 12;
/** APP14 "Adobe" is a fixed 12-byte payload (colour transform for CMYK / RGB files): no room for data. */
const ADOBE_SEGMENT_LENGTH = 14;

const isFrameMarker = (marker: number) =>
  marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
const isRestartMarker = (marker: number) => marker >= 0xd0 && marker <= 0xd7;

export function stripJpegMetadata(input: Buffer): StrippedImage {
  if (input.length < 4 || input[0] !== 0xff || input[1] !== SOI) throw malformedPhoto('jpeg: no SOI marker');
  const kept: Buffer[] = [input.subarray(0, 2)];
  let offset = 2;
  let frameSeen = false;
  let size: { width: number; height: number } | undefined;
  let scans = 0;
  let orientationKept = false;
  for (;;) {
    const markerAt = findMarker(input, offset);
    const marker = input[markerAt + 1]!;
    if (marker === EOI) {
      if (scans === 0) throw malformedPhoto('jpeg: EOI before any scan');
      kept.push(input.subarray(markerAt, markerAt + 2));
      // Whatever follows EOI (MPF secondary images, phone trailers) is not part of this picture.
      break;
    }
    if (marker === SOI || marker === 0x00 || marker === 0x01 || isRestartMarker(marker)) {
      throw malformedPhoto(`jpeg: unexpected marker 0x${marker.toString(16)} between segments`);
    }
    const end = readSegmentEnd(input, markerAt);
    const payload = input.subarray(markerAt + 4, end);
    const orientation = marker === APP1 && !orientationKept ? readExifOrientation(payload) : undefined;
    if (isFrameMarker(marker)) {
      if (frameSeen) throw malformedPhoto('jpeg: more than one frame header');
      frameSeen = true;
      size = readFrameSize(payload);
      kept.push(input.subarray(markerAt, end));
    } else if (marker === SOS) {
      if (!frameSeen) throw malformedPhoto('jpeg: scan before the frame header');
      const scanEnd = findEntropyEnd(input, end);
      kept.push(input.subarray(markerAt, scanEnd));
      scans += 1;
      offset = scanEnd;
      continue;
    } else if (TABLE_MARKERS.has(marker)) {
      kept.push(input.subarray(markerAt, end));
    } else if (marker === APP0 && startsWith(payload, JFIF_ID) && payload.length >= JFIF_HEADER_BYTES + 2) {
      kept.push(rebuildJfifWithoutThumbnail(payload));
    } else if (orientation !== undefined) {
      kept.push(buildOrientationSegment(orientation));
      orientationKept = true;
    } else if (marker === APP2 && startsWith(payload, ICC_ID)) {
      kept.push(input.subarray(markerAt, end));
    } else if (
      marker === APP14 &&
      startsWith(payload, ADOBE_ID) &&
      end - markerAt - 2 === ADOBE_SEGMENT_LENGTH
    ) {
      kept.push(input.subarray(markerAt, end));
    }
    // Everything else (the rest of Exif, XMP, other APPn, COM, JPG extensions) is dropped.
    offset = end;
  }
  return { data: Buffer.concat(kept), ...size };
}

/** The next marker at `offset`; fill bytes (0xFF runs) before it are allowed and skipped. */
function findMarker(input: Buffer, offset: number): number {
  if (offset >= input.length) throw malformedPhoto('jpeg: truncated before EOI');
  if (input[offset] !== 0xff) throw malformedPhoto(`jpeg: expected a marker at byte ${offset}`);
  let at = offset;
  while (input[at + 1] === 0xff) at += 1;
  if (at + 1 >= input.length) throw malformedPhoto('jpeg: truncated inside a marker');
  return at;
}

function readSegmentEnd(input: Buffer, markerAt: number): number {
  if (markerAt + 4 > input.length) throw malformedPhoto('jpeg: truncated segment length');
  const length = input.readUInt16BE(markerAt + 2);
  if (length < 2) throw malformedPhoto('jpeg: segment length below 2');
  const end = markerAt + 2 + length;
  if (end > input.length) throw malformedPhoto('jpeg: truncated segment');
  return end;
}

function readFrameSize(payload: Buffer): { width: number; height: number } | undefined {
  if (payload.length < 6) throw malformedPhoto('jpeg: frame header too short');
  const components = payload[5]!;
  if (components === 0 || payload.length < 6 + 3 * components) {
    throw malformedPhoto('jpeg: frame header does not match its component count');
  }
  const height = payload.readUInt16BE(1);
  const width = payload.readUInt16BE(3);
  if (width === 0) throw malformedPhoto('jpeg: zero width');
  // Height 0 means "given later by DNL": legal, just unknown here.
  return height === 0 ? undefined : { width, height };
}

/**
 * The end of the entropy-coded data that follows a scan header: the first marker that is not a
 * stuffed 0xFF00 or a restart marker. Running out of bytes first means the upload was cut short.
 */
function findEntropyEnd(input: Buffer, start: number): number {
  let at = start;
  for (;;) {
    at = input.indexOf(0xff, at);
    if (at < 0 || at + 1 >= input.length) throw malformedPhoto('jpeg: truncated inside the image data');
    const next = input[at + 1]!;
    if (next === 0x00 || isRestartMarker(next)) at += 2;
    else if (next === 0xff) at += 1;
    else return at;
  }
}

/** A JFIF thumbnail can show what was cropped out of the photo, so only the header is kept. */
function rebuildJfifWithoutThumbnail(payload: Buffer): Buffer {
  const segment = Buffer.alloc(4 + JFIF_HEADER_BYTES + 2);
  segment.writeUInt16BE(0xff00 | APP0, 0);
  segment.writeUInt16BE(2 + JFIF_HEADER_BYTES + 2, 2);
  payload.copy(segment, 4, 0, JFIF_HEADER_BYTES);
  return segment; // the two thumbnail dimensions stay 0
}

function startsWith(data: Buffer, prefix: Buffer): boolean {
  return data.length >= prefix.length && data.subarray(0, prefix.length).equals(prefix);
}
