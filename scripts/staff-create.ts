/**
 * Creates a staff account from the command line (the first admin has no one to create it):
 *
 *   STAFF_PASSWORD='…' npm run staff:create -- --username NAME --role ROLE \
 *     [--department CODE] [--unit CODE] [--display-name TEXT]
 *
 * The password comes from the environment, never an argument, so it stays out of shell history
 * and `ps`. Without MONGODB_URI this starts the embedded database under DATA_DIR, which only one
 * process may use at a time: stop the server first, or point MONGODB_URI at the running database.
 */
import { parseArgs } from 'node:util';
import pino from 'pino';
import { ConfigError, loadConfig } from '../config/load-config';
import { DatabaseUnavailableError, openDatabase } from '../server/db/database';
import { DatabaseSetupError } from '../server/db/ferretdb-installer';
import { AppError } from '../server/http/app-error';
import { createLoginThrottle } from '../server/staff/login-throttle';
import { parseNewStaff, type NewStaff } from '../server/staff/staff-input';
import { createStaffUseCases } from '../server/staff/staff-use-cases';
import { STAFF_ROLES } from '../server/staff/staff-types';

const USAGE = `usage: STAFF_PASSWORD=… npm run staff:create -- --username NAME --role ROLE [--department CODE] [--unit CODE] [--display-name TEXT]
  ROLE: ${STAFF_ROLES.join(', ')}; codes are in config/domain/departments.json.
  Stop the server first, or set MONGODB_URI: the embedded database serves one process at a time.`;

class UsageError extends Error {}

function readNewStaff(argv: string[], env: NodeJS.ProcessEnv): NewStaff {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        username: { type: 'string' },
        role: { type: 'string' },
        department: { type: 'string' },
        unit: { type: 'string' },
        'display-name': { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (!values.username) throw new UsageError('--username is required');
  if (!values.role) throw new UsageError('--role is required');
  if (!env.STAFF_PASSWORD) throw new UsageError('STAFF_PASSWORD is not set: put the new password in it');
  return parseNewStaff({
    username: values.username,
    role: values.role,
    department: values.department,
    unit: values.unit,
    displayName: values['display-name'],
    password: env.STAFF_PASSWORD,
  });
}

async function createStaffFromCommandLine(): Promise<string> {
  // Everything that can be checked without the database is checked first, so a typo costs nothing.
  const staff = readNewStaff(process.argv.slice(2), process.env);
  const config = loadConfig();
  // Logs go to stderr: stdout carries the one result line.
  const logger = pino({ level: config.logLevel === 'info' ? 'warn' : config.logLevel }, pino.destination(2));
  const database = await openDatabase(config, logger);
  try {
    const useCases = createStaffUseCases({
      db: database.connection,
      sessionSecret: config.sessionSecret,
      now: () => new Date(),
      throttle: createLoginThrottle(),
    });
    const created = await useCases.createStaff(staff, { kind: 'system' });
    const placement = [
      created.department && `department ${created.department}`,
      created.unit && `unit ${created.unit}`,
    ]
      .filter(Boolean)
      .join(', ');
    return `created staff account "${created.username}" (${created.role}${placement ? `, ${placement}` : ''}) in ${database.description}`;
  } finally {
    await database.close();
  }
}

createStaffFromCommandLine().then(
  (line) => {
    console.log(line);
    process.exit(0);
  },
  (error: unknown) => {
    if (error instanceof UsageError) console.error(`staff:create: ${error.message}\n${USAGE}`);
    else if (error instanceof AppError) console.error(`staff:create: ${error.code}: ${error.message}`);
    else if (
      error instanceof ConfigError ||
      error instanceof DatabaseSetupError ||
      error instanceof DatabaseUnavailableError
    ) {
      console.error(`staff:create: ${error.message}`);
    } else console.error('staff:create failed:', error);
    process.exit(1);
  },
);
