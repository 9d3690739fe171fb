/**
 * The one Exif field worth keeping: Orientation. Phones store the sensor image as shot and say
 * "rotate 90°" in Exif; without it a handler would see the river sideways. Everything else in
 * Exif (GPS, device, serial numbers, owner, thumbnail) must go, so rather than edit the phone's
 * block, a fresh one holding only this tag is written in its place.
 */
const EXIF_ID = Buffer.from('Exif\0\0', 'latin1');
const ORIENTATION_TAG = 0x0112;
const SHORT = 3;
const ENTRY_BYTES = 12;

/** Orientation 2–8 from an APP1 Exif payload; undefined for none, normal (1) or unreadable Exif. */
export function readExifOrientation(app1Payload: Buffer): number | undefined {
  if (!app1Payload.subarray(0, EXIF_ID.length).equals(EXIF_ID)) return undefined;
  const tiff = app1Payload.subarray(EXIF_ID.length);
  const order = tiff.toString('latin1', 0, 2);
  if (tiff.length < 8 || (order !== 'II' && order !== 'MM')) return undefined;
  const little = order === 'II';
  const read16 = (at: number) => (little ? tiff.readUInt16LE(at) : tiff.readUInt16BE(at));
  const ifd = little ? tiff.readUInt32LE(4) : tiff.readUInt32BE(4);
  if (read16(2) !== 42 || ifd + 2 > tiff.length) return undefined;
  const count = read16(ifd);
  for (let index = 0; index < count; index += 1) {
    const at = ifd + 2 + ENTRY_BYTES * index;
    if (at + ENTRY_BYTES > tiff.length) return undefined;
    if (read16(at) === ORIENTATION_TAG && read16(at + 2) === SHORT) {
      const value = read16(at + 8);
      return value >= 2 && value <= 8 ? value : undefined;
    }
  }
  return undefined;
}

/** A complete APP1 segment: Exif header, big-endian TIFF, IFD0 with Orientation only. */
export function buildOrientationSegment(orientation: number): Buffer {
  const tiff = Buffer.alloc(8 + 2 + ENTRY_BYTES + 4);
  tiff.write('MM', 0, 'latin1');
  tiff.writeUInt16BE(42, 2);
  tiff.writeUInt32BE(8, 4);
  tiff.writeUInt16BE(1, 8);
  tiff.writeUInt16BE(ORIENTATION_TAG, 10);
  tiff.writeUInt16BE(SHORT, 12);
  tiff.writeUInt32BE(1, 14);
  tiff.writeUInt16BE(orientation, 18); // left-justified in the value field; next-IFD offset stays 0
  const header = Buffer.from([0xff, 0xe1, 0, 0]);
  header.writeUInt16BE(2 + EXIF_ID.length + tiff.length, 2);
  return Buffer.concat([header, EXIF_ID, tiff]);
}
