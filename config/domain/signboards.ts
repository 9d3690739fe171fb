/**
 * River-chief signboards (河湖长公示牌) whose QR codes carry a scene: the scene string is the
 * signboard id, and the river, county and coordinates pre-fill the report of whoever scans it.
 * Validated once; the ids must fit a QR scene_str (1–64 characters) and be unique.
 */
import { z } from 'zod';
import type { Signboard } from '../../bot/dialog/dialog-types';
import { ConfigError } from '../load-config';
import bundledSignboards from './signboards.json';

const signboardSchema = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1-64 letters, digits, "-" or "_" (a QR scene)'),
    river: z.string().trim().min(1).max(40),
    county: z.string().trim().min(1).max(40),
    regionCode: z
      .string()
      .regex(/^\d{6}$/, 'must be a 6-digit region code')
      .optional(),
    latitude: z.number().min(-90).max(90).optional(),
    longitude: z.number().min(-180).max(180).optional(),
  })
  .refine((board) => (board.latitude === undefined) === (board.longitude === undefined), {
    message: 'latitude and longitude go together',
  });

export const signboardsSchema = z
  .object({ version: z.literal(1), signboards: z.array(signboardSchema) })
  .refine((file) => new Set(file.signboards.map((board) => board.id)).size === file.signboards.length, {
    message: 'signboard ids must be unique',
  });

export type SignboardDirectory = ReadonlyMap<string, Signboard>;

export function loadSignboards(raw: unknown = bundledSignboards): SignboardDirectory {
  const parsed = signboardsSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map(
        (issue) => `config/domain/signboards.json ${issue.path.join('.')}: ${issue.message}`,
      ),
    );
  }
  return new Map(parsed.data.signboards.map((board) => [board.id, Object.freeze(board)]));
}
