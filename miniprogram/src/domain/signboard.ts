/**
 * River-chief signboards (河湖长公示牌): their QR codes open the report page with the signboard id
 * as `scene`, and the signboard's river, county and coordinates pre-fill the place. The wording of
 * the address follows the official-account chat (config/domain/bot-texts.json signboardAddress).
 */
import type { ReportForm } from './report-form';

/** GET /api/v1/citizen/signboards/:id */
export interface Signboard {
  id: string;
  river: string;
  county: string;
  regionCode?: string;
  latitude?: number;
  longitude?: number;
}

const SIGNBOARD_ID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * The signboard id from the page's `scene` parameter. WeChat hands `scene` over URL-encoded;
 * an id only has letters, digits, "-" and "_", so decoding an already decoded id changes nothing.
 */
export function readSceneId(scene: string | undefined): string | undefined {
  if (!scene) return undefined;
  let decoded: string;
  try {
    decoded = decodeURIComponent(scene).trim();
  } catch {
    return undefined;
  }
  return SIGNBOARD_ID.test(decoded) ? decoded : undefined;
}

export function signboardAddress(board: Signboard): string {
  return `${board.county}${board.river}（河湖长公示牌${board.id}附近）`;
}

/**
 * The form with the signboard's place filled in. What the citizen already typed or chose stays:
 * the signboard only fills what is empty.
 */
export function applySignboard(form: ReportForm, board: Signboard): ReportForm {
  const hasPoint = board.latitude !== undefined && board.longitude !== undefined;
  return {
    ...form,
    address: form.address.trim() ? form.address : signboardAddress(board),
    waterBody: board.river,
    ...(board.regionCode ? { regionCode: board.regionCode } : {}),
    ...(!form.point && hasPoint
      ? { point: { latitude: board.latitude!, longitude: board.longitude!, source: 'signboard' as const } }
      : {}),
  };
}
