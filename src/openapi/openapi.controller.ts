import { Controller, Get, Header, Param, Res } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import type { FastifyReply } from 'fastify';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Public } from '../auth/auth.decorators';
import { NotFoundError } from '../common/errors';
import { buildDocument } from './document';
import { routesOf } from './routes';

export const API_VERSION = '1.0.0';

/** Swagger UI's files, served from node_modules (no CDN: the page works offline). */
const SWAGGER_UI_DIR = dirname(require.resolve('swagger-ui-dist/package.json'));
const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

const PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Agency Wallet API reference</title>
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <link rel="icon" href="/docs/favicon-32x32.png">
  <link rel="stylesheet" href="/docs/swagger-ui.css">
</head>
<body>
  <div id="reference"></div>
  <script src="/docs/swagger-ui-bundle.js"></script>
  <script src="/docs/swagger-ui-standalone-preset.js"></script>
  <script>
    window.ui = SwaggerUIBundle({
      url: '/openapi.json',
      dom_id: '#reference',
      deepLinking: true,
      presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
      layout: 'BaseLayout',
      defaultModelsExpandDepth: 0,
      tryItOutEnabled: false,
      persistAuthorization: true,
    });
  </script>
</body>
</html>
`;

/** The OpenAPI document, built from the routes' own schemas, and a reference page over it. Outside /v1. */
@Controller()
@Public()
export class OpenApiController {
  private document?: ReturnType<typeof buildDocument>;

  constructor(private readonly discovery: DiscoveryService) {}

  @Get('openapi.json')
  openapi() {
    this.document ??= buildDocument(
      routesOf(this.discovery.getControllers().flatMap((wrapper) => (wrapper.metatype ? [wrapper.metatype as never] : []))),
      API_VERSION,
    );
    return this.document;
  }

  @Get('docs')
  @Header('Content-Type', 'text/html; charset=utf-8')
  page() {
    return PAGE;
  }

  @Get('docs/:asset')
  asset(@Param('asset') asset: string, @Res({ passthrough: true }) reply: FastifyReply) {
    const type = Object.hasOwn(ASSETS, asset) ? ASSETS[asset] : undefined;
    if (!type) throw new NotFoundError('File');
    void reply.header('Content-Type', type).header('Cache-Control', 'public, max-age=3600');
    return readFileSync(join(SWAGGER_UI_DIR, asset));
  }
}
