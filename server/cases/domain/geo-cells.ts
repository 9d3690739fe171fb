/**
 * Grid cells for "near the same place" without geo operators (FerretDB has none): a case with
 * coordinates is stored with the cell it lies in, and the duplicate check asks for the cells that
 * a box around the new report touches. The exact distance is still computed in code.
 */
import type { CasePlace } from './case-types';

/** 0.01° of latitude is about 1.1 km; of longitude, less away from the equator. */
const CELL_DEGREES = 0.01;
/** Around the poles a 1 km box spans too many cells to list; such reports get no box search. */
const MAX_CELLS = 64;

const cellIndex = (degrees: number) => Math.floor(degrees / CELL_DEGREES + 1e-9);

export function geoCellOf(place: Pick<CasePlace, 'latitude' | 'longitude'>): string | undefined {
  if (place.latitude === undefined || place.longitude === undefined) return undefined;
  return `${cellIndex(place.latitude)}:${cellIndex(place.longitude)}`;
}

export interface GeoBox {
  minLat: number;
  maxLat: number;
  minLng: number;
  maxLng: number;
}

/** Every cell the box touches, or none when there would be more than MAX_CELLS. */
export function geoCellsTouching(box: GeoBox): string[] {
  const cells: string[] = [];
  const [latFrom, latTo] = [cellIndex(box.minLat), cellIndex(box.maxLat)];
  const [lngFrom, lngTo] = [cellIndex(box.minLng), cellIndex(box.maxLng)];
  if ((latTo - latFrom + 1) * (lngTo - lngFrom + 1) > MAX_CELLS) return [];
  for (let lat = latFrom; lat <= latTo; lat++) {
    for (let lng = lngFrom; lng <= lngTo; lng++) cells.push(`${lat}:${lng}`);
  }
  return cells;
}
