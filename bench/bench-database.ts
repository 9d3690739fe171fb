/**
 * Where a bench keeps its data: the embedded FerretDB (the default, in a folder of its own), or
 * the server BENCH_MONGODB_URI names (`mongodb://host:port/`, a MongoDB or a FerretDB on another
 * backend), so the same figures can be taken on the database production would use. With
 * BENCH_MONGODB_URI each bench drops its own database first, so a run starts clean.
 */
import mongoose from 'mongoose';
import { startFerretDb } from '../server/db/embedded-ferretdb';
import { ensureFerretDbBinary } from '../server/db/ferretdb-installer';

export interface BenchDatabase {
  /** The connection string of this bench's database. */
  uri: string;
  /** Where the figures were taken, for the printout. */
  description: string;
  stop(): Promise<void>;
}

export async function openBenchDatabase(
  name: string,
  embeddedDataDir: string,
  options: { keepData?: boolean } = {},
): Promise<BenchDatabase> {
  const external = process.env.BENCH_MONGODB_URI;
  if (external) {
    const uri = `${external.replace(/\/+$/, '')}/${name}`;
    if (!options.keepData) {
      const connection = await mongoose.createConnection(uri).asPromise();
      await connection.dropDatabase();
      await connection.close();
    }
    return { uri, description: `BENCH_MONGODB_URI (${name})`, stop: async () => undefined };
  }
  // Build progress goes to stderr: the callback bench's server child speaks JSON on stdout.
  const binary = await ensureFerretDbBinary((message) => console.error(message));
  const embedded = await startFerretDb(binary, embeddedDataDir);
  return {
    uri: `${embedded.uri}${name}`,
    description: 'embedded FerretDB 1.24 (SQLite)',
    stop: () => embedded.stop(),
  };
}
