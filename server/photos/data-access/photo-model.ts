/**
 * Photos live in the database, not on one server's disk, so every instance can serve them. The
 * `_id` is the SHA-256 of the sanitized bytes: the same photo sent twice is stored once.
 */
import { Schema, type Connection, type Model } from 'mongoose';

export interface PhotoRecord {
  _id: string;
  mime: string;
  size: number;
  width?: number;
  height?: number;
  data: Buffer;
  createdAt: Date;
}

const photoSchema = new Schema<PhotoRecord>(
  {
    _id: { type: String, required: true },
    mime: { type: String, required: true },
    size: { type: Number, required: true },
    width: Number,
    height: Number,
    data: { type: Buffer, required: true },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false },
);

export function photoModel(db: Connection): Model<PhotoRecord> {
  return (
    (db.models.Photo as Model<PhotoRecord> | undefined) ??
    db.model<PhotoRecord>('Photo', photoSchema, 'photos')
  );
}
