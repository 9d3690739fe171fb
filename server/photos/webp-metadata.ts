/**
 * Rebuilds a WebP RIFF container without its EXIF and XMP chunks (and any chunk a decoder does
 * not need), clears the matching VP8X flags and writes the new RIFF size.
 */
import { malformedPhoto, type StrippedImage } from './photo-errors';

const RIFF_HEADER_BYTES = 12;
const CHUNK_HEADER_BYTES = 8;
const VP8X_PAYLOAD_BYTES = 10;
/** VP8X flag bits, from the container spec: ICC 0x20, alpha 0x10, EXIF 0x08, XMP 0x04, animation 0x02. */
const EXIF_FLAG = 0x08;
const XMP_FLAG = 0x04;
const EXTENDED_KEPT_CHUNKS = new Set(['VP8X', 'ICCP', 'ANIM', 'ANMF', 'ALPH', 'VP8 ', 'VP8L']);

interface Chunk {
  fourcc: string;
  payload: Buffer;
  /** the chunk as stored, header and padding included */
  bytes: Buffer;
}

export function stripWebpMetadata(input: Buffer): StrippedImage {
  if (
    input.length < RIFF_HEADER_BYTES ||
    input.toString('latin1', 0, 4) !== 'RIFF' ||
    input.toString('latin1', 8, 12) !== 'WEBP'
  ) {
    throw malformedPhoto('webp: not a RIFF WEBP file');
  }
  const chunks = readChunks(input, 8 + input.readUInt32LE(4));
  const first = chunks[0];
  if (!first) throw malformedPhoto('webp: no chunks');
  let kept: Buffer[];
  let size: { width: number; height: number } | undefined;
  if (first.fourcc === 'VP8X') {
    if (first.payload.length < VP8X_PAYLOAD_BYTES) throw malformedPhoto('webp: VP8X too short');
    const vp8x = Buffer.from(first.bytes);
    vp8x[CHUNK_HEADER_BYTES] = vp8x[CHUNK_HEADER_BYTES]! & ~(EXIF_FLAG | XMP_FLAG);
    const rest = chunks.slice(1).filter((chunk) => EXTENDED_KEPT_CHUNKS.has(chunk.fourcc));
    if (!rest.some((chunk) => ['VP8 ', 'VP8L', 'ANMF'].includes(chunk.fourcc))) {
      throw malformedPhoto('webp: no image data');
    }
    kept = [vp8x, ...rest.map((chunk) => chunk.bytes)];
    size = {
      width: 1 + first.payload.readUIntLE(4, 3),
      height: 1 + first.payload.readUIntLE(7, 3),
    };
  } else if (first.fourcc === 'VP8 ' || first.fourcc === 'VP8L') {
    // The simple format is one image chunk and nothing else; anything after it is not ours to keep.
    kept = [first.bytes];
    size = first.fourcc === 'VP8 ' ? readLossySize(first.payload) : readLosslessSize(first.payload);
  } else {
    throw malformedPhoto(`webp: unexpected first chunk ${JSON.stringify(first.fourcc)}`);
  }
  const header = Buffer.from('RIFF\0\0\0\0WEBP', 'latin1');
  header.writeUInt32LE(4 + kept.reduce((total, bytes) => total + bytes.length, 0), 4);
  return { data: Buffer.concat([header, ...kept]), ...size };
}

/** The chunks up to the RIFF size; bytes past it (some uploaders append junk) are ignored. */
function readChunks(input: Buffer, riffEnd: number): Chunk[] {
  if (riffEnd > input.length) throw malformedPhoto('webp: truncated (RIFF size past the end)');
  const chunks: Chunk[] = [];
  let offset = RIFF_HEADER_BYTES;
  while (offset < riffEnd) {
    if (offset + CHUNK_HEADER_BYTES > riffEnd) throw malformedPhoto('webp: truncated chunk header');
    const fourcc = input.toString('latin1', offset, offset + 4);
    const length = input.readUInt32LE(offset + 4);
    const payloadEnd = offset + CHUNK_HEADER_BYTES + length;
    const end = payloadEnd + (length % 2);
    if (end > riffEnd) throw malformedPhoto(`webp: truncated ${JSON.stringify(fourcc)} chunk`);
    chunks.push({
      fourcc,
      payload: input.subarray(offset + CHUNK_HEADER_BYTES, payloadEnd),
      bytes: input.subarray(offset, end),
    });
    offset = end;
  }
  return chunks;
}

function readLossySize(payload: Buffer): { width: number; height: number } {
  // Key-frame header: 3-byte frame tag, start code 9d 01 2a, then 14-bit width and height.
  if (payload.length < 10 || payload[3] !== 0x9d || payload[4] !== 0x01 || payload[5] !== 0x2a) {
    throw malformedPhoto('webp: VP8 key frame start code missing');
  }
  return { width: payload.readUInt16LE(6) & 0x3fff, height: payload.readUInt16LE(8) & 0x3fff };
}

function readLosslessSize(payload: Buffer): { width: number; height: number } {
  if (payload.length < 5 || payload[0] !== 0x2f) throw malformedPhoto('webp: VP8L signature missing');
  const bits = payload.readUInt32LE(1);
  return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
}
