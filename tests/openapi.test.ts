import type { Connection } from 'mongoose';
import { Registry } from 'prom-client';
import request from 'supertest';
import { listRouters } from '../server/app';
import { connectTestDatabase, dropTestDatabase } from './support/test-database';
import { createTestPlatform, silentLogger, testDomain } from './support/test-app';

let db: Connection;
beforeAll(async () => {
  db = await connectTestDatabase('openapi');
});
afterAll(() => dropTestDatabase(db));

test('when the OpenAPI description is fetched, then every mounted route and method is in it', async () => {
  const { app, components, config } = createTestPlatform(db);
  const response = await request(app.callback()).get('/api/v1/openapi.json');
  expect(response.status).toBe(200);
  expect(response.body.openapi).toBe('3.1.0');

  const routers = listRouters(
    { config, domain: testDomain, logger: silentLogger, db },
    components,
    new Registry(),
  );
  const mounted = routers.flatMap((router) =>
    router.stack.flatMap((layer) =>
      layer.methods
        .filter((method) => method !== 'HEAD')
        .map(
          (method) =>
            `${method.toLowerCase()} ${String(layer.path)
              .replace(/:(\w+)/g, '{$1}')
              .replace(/\/$/, '')}`,
        ),
    ),
  );
  const documented = Object.entries(response.body.paths as Record<string, object>).flatMap(([path, ops]) =>
    Object.keys(ops).map((method) => `${method} ${path}`),
  );
  expect(mounted.length).toBeGreaterThan(15);
  expect(documented.sort()).toEqual(expect.arrayContaining([...new Set(mounted)].sort()));
  expect(
    response.body.paths['/api/v1/cases'].post.requestBody.content['application/json'].schema.properties,
  ).toHaveProperty('description');
});
