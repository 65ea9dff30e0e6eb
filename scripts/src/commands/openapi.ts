import type { Command } from 'commander';
import { buildOpenApiDocument } from '../../../bff/src/http/openapi';
import { allRoutes } from '../../../bff/src/http/routes';

/** `openapi`: prints the OpenAPI document the BFF serves at /openapi.json, with no server or database. */
export function registerOpenApiCommand(program: Command): void {
  program
    .command('openapi')
    .description('print the OpenAPI document (the one served at /openapi.json) as JSON')
    .action(() => {
      process.stdout.write(`${JSON.stringify(buildOpenApiDocument(allRoutes), null, 2)}\n`);
    });
}
