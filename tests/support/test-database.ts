/** Each test file gets its own database on the run's FerretDB (or TEST_MONGODB_URI). */
import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';

export async function connectTestDatabase(label: string): Promise<mongoose.Connection> {
  const base = process.env.TEST_MONGODB_URI;
  if (!base) throw new Error('TEST_MONGODB_URI is not set: run the tests through jest (global setup)');
  const name = `test_${label.replace(/[^a-z0-9]/gi, '_').slice(0, 30)}_${randomBytes(3).toString('hex')}`;
  const uri = new URL(base);
  uri.pathname = `/${name}`;
  return mongoose.createConnection(uri.toString(), { serverSelectionTimeoutMS: 5000 }).asPromise();
}

export async function dropTestDatabase(connection: mongoose.Connection): Promise<void> {
  await connection.dropDatabase();
  await connection.close();
}

/** Whether the test database is the embedded FerretDB (its own checks) rather than a MongoDB. */
export async function isFerretDb(connection: mongoose.Connection): Promise<boolean> {
  return 'ferretdbVersion' in (await connection.db!.admin().command({ buildInfo: 1 }));
}
