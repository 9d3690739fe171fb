/** `npm run db:install`: builds the embedded FerretDB ahead of time (npm start and npm test do it when needed). */
import { DatabaseSetupError, ensureFerretDbBinary } from '../server/db/ferretdb-installer';

ensureFerretDbBinary((message) => console.log(message)).then(
  (binary) => console.log(`FerretDB ready: ${binary}`),
  (error: unknown) => {
    console.error(error instanceof DatabaseSetupError ? error.message : error);
    process.exitCode = 1;
  },
);
