/**
 * Opens the database: the MongoDB at MONGODB_URI when set, otherwise the embedded FerretDB under
 * DATA_DIR (built on first use). Returns one mongoose connection that every repository shares.
 */
import path from 'node:path';
import mongoose, { type Connection } from 'mongoose';
import type { Logger } from 'pino';
import type { AppConfig } from '../../config/load-config';
import { startFerretDb, type EmbeddedDatabase } from './embedded-ferretdb';
import { ensureFerretDbBinary } from './ferretdb-installer';

export const EMBEDDED_DATABASE_NAME = 'mwr12314';

export interface OpenDatabase {
  connection: Connection;
  /** Where the data lives, without credentials, for the start-up log. */
  description: string;
  close(): Promise<void>;
}

export class DatabaseUnavailableError extends Error {}

/** Hides the password of a connection string before it reaches a log or a message. */
export function redactUri(uri: string): string {
  return uri.replace(/\/\/([^:/@]+):([^@]*)@/, '//$1:***@');
}

async function connect(uri: string, dbName?: string): Promise<Connection> {
  try {
    return await mongoose
      .createConnection(uri, { dbName, serverSelectionTimeoutMS: 5000, maxPoolSize: 20 })
      .asPromise();
  } catch (error) {
    throw new DatabaseUnavailableError(
      `Cannot reach the database at ${redactUri(uri)} (${(error as Error).message}).\n` +
        'Check that the server runs and MONGODB_URI is right, or unset MONGODB_URI to use the embedded database.',
    );
  }
}

export async function openDatabase(config: Readonly<AppConfig>, logger: Logger): Promise<OpenDatabase> {
  if (config.mongodbUri) {
    const connection = await connect(config.mongodbUri);
    return {
      connection,
      description: `MongoDB at ${redactUri(config.mongodbUri)}`,
      close: () => connection.close(),
    };
  }

  const binary = await ensureFerretDbBinary((message) => logger.info(message));
  const dataDir = path.join(config.dataDir, 'ferretdb');
  let embedded: EmbeddedDatabase;
  try {
    embedded = await startFerretDb(binary, dataDir);
  } catch (error) {
    throw new DatabaseUnavailableError((error as Error).message);
  }
  try {
    const connection = await connect(embedded.uri, EMBEDDED_DATABASE_NAME);
    return {
      connection,
      description: `embedded FerretDB (pid ${embedded.pid}) at ${embedded.uri}, data in ${dataDir}`,
      async close() {
        await connection.close();
        await embedded.stop();
      },
    };
  } catch (error) {
    await embedded.stop();
    throw error;
  }
}
