/**
 * Rebuilds a PNG from its critical chunks and the ancillary chunks that only describe colour,
 * transparency, pixel density or animation. Text, eXIf, tIME and any private chunk (C2PA,
 * vendor data) can carry who, where and when, so they are left out.
 */
import { malformedPhoto, type StrippedImage } from './photo-errors';

export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const CRITICAL_CHUNKS = new Set(['IHDR', 'PLTE', 'IDAT', 'IEND']);
const KEPT_ANCILLARY_CHUNKS = new Set([
  'tRNS',
  'gAMA',
  'cHRM',
  'sRGB',
  'iCCP',
  'cICP',
  'mDCV',
  'mDCv',
  'cLLI',
  'cLLi',
  'sBIT',
  'bKGD',
  'pHYs',
  'acTL',
  'fcTL',
  'fdAT',
]);
const IHDR_LENGTH = 13;
const MAX_CHUNK_LENGTH = 0x7fffffff;
const CHUNK_TYPE = /^[A-Za-z]{4}$/;

export function stripPngMetadata(input: Buffer): StrippedImage {
  if (!input.subarray(0, PNG_SIGNATURE.length).equals(PNG_SIGNATURE)) {
    throw malformedPhoto('png: bad signature');
  }
  const kept: Buffer[] = [PNG_SIGNATURE];
  let offset = PNG_SIGNATURE.length;
  let width = 0;
  let height = 0;
  let hasImageData = false;
  for (let index = 0; ; index += 1) {
    if (offset + 12 > input.length) throw malformedPhoto('png: truncated before IEND');
    const length = input.readUInt32BE(offset);
    const type = input.toString('latin1', offset + 4, offset + 8);
    const end = offset + 12 + length;
    if (length > MAX_CHUNK_LENGTH || !CHUNK_TYPE.test(type))
      throw malformedPhoto(`png: bad chunk at ${offset}`);
    if (end > input.length) throw malformedPhoto(`png: truncated ${type} chunk`);
    const storedCrc = input.readUInt32BE(end - 4);
    if (computeCrc32(input.subarray(offset + 4, end - 4)) !== storedCrc) {
      throw malformedPhoto(`png: CRC mismatch in ${type}`);
    }
    if ((index === 0) !== (type === 'IHDR')) throw malformedPhoto('png: IHDR is not the first chunk');
    if (type === 'IHDR') {
      if (length !== IHDR_LENGTH) throw malformedPhoto('png: IHDR has the wrong length');
      width = input.readUInt32BE(offset + 8);
      height = input.readUInt32BE(offset + 12);
      if (width === 0 || height === 0) throw malformedPhoto('png: zero width or height');
    }
    if (type === 'IDAT') hasImageData = true;
    if (CRITICAL_CHUNKS.has(type) || KEPT_ANCILLARY_CHUNKS.has(type)) {
      kept.push(input.subarray(offset, end));
    } else if (isCritical(type)) {
      // A decoder must refuse a critical chunk it does not know, so we cannot keep or drop it.
      throw malformedPhoto(`png: unknown critical chunk ${type}`);
    }
    offset = end;
    if (type === 'IEND') break; // bytes after IEND are not part of the picture
  }
  if (!hasImageData) throw malformedPhoto('png: no IDAT chunk');
  return { data: Buffer.concat(kept), width, height };
}

function isCritical(type: string): boolean {
  return type.charCodeAt(0) < 0x61; // upper-case first letter
}

const CRC_TABLE = Array.from({ length: 256 }, (_, byte) => {
  let crc = byte;
  for (let bit = 0; bit < 8; bit += 1) crc = crc & 1 ? 0xedb88320 ^ (crc >>> 1) : crc >>> 1;
  return crc >>> 0;
});

/** CRC-32 as PNG uses it (ISO 3309); zlib.crc32 only exists from Node 20.15. */
export function computeCrc32(data: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of data) crc = CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
