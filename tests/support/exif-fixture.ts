/**
 * An Exif TIFF block as a phone writes it (big-endian, like iPhones): IFD0 with make, model,
 * orientation and artist, an Exif IFD with capture time and body serial, and a GPS IFD with latitude, longitude
 * and GPSAreaInformation carrying GPS_MARKER. Used inside JPEG APP1, PNG eXIf and WebP EXIF.
 */

export const GPS_MARKER = 'MWR12314-GPS-MARKER';

interface TiffEntry {
  tag: number;
  type: number;
  count: number;
  /** the value bytes, big-endian */
  data: Buffer;
}

const BYTE = 1;
const ASCII = 2;
const SHORT = 3;
const LONG = 4;
const RATIONAL = 5;
const UNDEFINED = 7;
const TIFF_HEADER_BYTES = 8;
const ENTRY_BYTES = 12;

const ascii = (tag: number, text: string): TiffEntry => {
  const data = Buffer.from(`${text}\0`, 'utf8');
  return { tag, type: ASCII, count: data.length, data };
};

const long = (tag: number, value: number): TiffEntry => {
  const data = Buffer.alloc(4);
  data.writeUInt32BE(value);
  return { tag, type: LONG, count: 1, data };
};

const short = (tag: number, value: number): TiffEntry => {
  const data = Buffer.alloc(4);
  data.writeUInt16BE(value);
  return { tag, type: SHORT, count: 1, data };
};

const rationals = (tag: number, pairs: Array<[number, number]>): TiffEntry => {
  const data = Buffer.alloc(8 * pairs.length);
  pairs.forEach(([numerator, denominator], index) => {
    data.writeUInt32BE(numerator, 8 * index);
    data.writeUInt32BE(denominator, 8 * index + 4);
  });
  return { tag, type: RATIONAL, count: pairs.length, data };
};

const LATITUDE = rationals(0x0002, [
  [30, 1],
  [35, 1],
  [1234, 100],
]);

/** The GPSLatitude value as stored (30° 35′ 12.34″): it must not survive sanitizing either. */
export const GPS_LATITUDE_BYTES = LATITUDE.data;

function buildIfds(orientation: number, exifAt: number, gpsAt: number): TiffEntry[][] {
  const areaInformation = Buffer.concat([Buffer.from('ASCII\0\0\0'), Buffer.from(GPS_MARKER)]);
  return [
    [
      ascii(0x010f, 'Xiaomi'),
      ascii(0x0110, 'Redmi Note 12'),
      short(0x0112, orientation),
      ascii(0x0132, '2025:06:01 09:41:07'),
      ascii(0x013b, '张三 13800138000'),
      long(0x8769, exifAt),
      long(0x8825, gpsAt),
    ],
    [ascii(0x9003, '2025:06:01 09:41:07'), ascii(0xa431, 'SN-8842-MWR')],
    [
      { tag: 0x0000, type: BYTE, count: 4, data: Buffer.from([2, 3, 0, 0]) },
      ascii(0x0001, 'N'),
      LATITUDE,
      ascii(0x0003, 'E'),
      rationals(0x0004, [
        [114, 1],
        [18, 1],
        [2050, 100],
      ]),
      { tag: 0x001c, type: UNDEFINED, count: areaInformation.length, data: areaInformation },
    ],
  ];
}

const outOfLineBytes = (entry: TiffEntry) =>
  entry.data.length > 4 ? entry.data.length + (entry.data.length % 2) : 0;

function placeIfds(ifds: TiffEntry[][]): number[] {
  const offsets: number[] = [];
  let at = TIFF_HEADER_BYTES;
  for (const ifd of ifds) {
    offsets.push(at);
    at += 2 + ENTRY_BYTES * ifd.length + 4 + ifd.reduce((total, entry) => total + outOfLineBytes(entry), 0);
  }
  offsets.push(at);
  return offsets;
}

/** `orientation` is the Exif Orientation tag: 1 upright (the default), 6 "rotate 90° clockwise". */
export function buildExifTiff({ orientation = 1 } = {}): Buffer {
  // Pointers are inline LONGs, so the layout does not depend on their values: place, then fill.
  const offsets = placeIfds(buildIfds(orientation, 0, 0));
  const ifds = buildIfds(orientation, offsets[1]!, offsets[2]!);
  const tiff = Buffer.alloc(offsets[ifds.length]!);
  tiff.write('MM', 0, 'latin1');
  tiff.writeUInt16BE(42, 2);
  tiff.writeUInt32BE(TIFF_HEADER_BYTES, 4);
  ifds.forEach((ifd, index) => {
    const start = offsets[index]!;
    let dataAt = start + 2 + ENTRY_BYTES * ifd.length + 4;
    tiff.writeUInt16BE(ifd.length, start);
    ifd.forEach((entry, position) => {
      const at = start + 2 + ENTRY_BYTES * position;
      tiff.writeUInt16BE(entry.tag, at);
      tiff.writeUInt16BE(entry.type, at + 2);
      tiff.writeUInt32BE(entry.count, at + 4);
      if (entry.data.length <= 4) {
        entry.data.copy(tiff, at + 8);
      } else {
        tiff.writeUInt32BE(dataAt, at + 8);
        entry.data.copy(tiff, dataAt);
        dataAt += outOfLineBytes(entry);
      }
    });
    // next-IFD offset stays 0: no thumbnail IFD
  });
  return tiff;
}
