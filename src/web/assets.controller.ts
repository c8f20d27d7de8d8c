import { Controller, Get, NotFoundException, Param, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { AnonymousPages } from './console-http';
import { webTemplatesDir } from './views';

const TYPES: Record<string, string> = { css: 'text/css; charset=utf-8', js: 'text/javascript; charset=utf-8', svg: 'image/svg+xml' };

/** The console's stylesheet and script, from `templates/web/assets/`, served by the service itself (no CDN). */
@Controller('assets')
@AnonymousPages()
export class AssetsController {
  private readonly files = new Map<string, { body: Buffer; type: string }>();

  constructor() {
    const dir = join(webTemplatesDir(), 'assets');
    for (const name of readdirSync(dir)) {
      const type = TYPES[name.split('.').pop() ?? ''];
      if (type) this.files.set(name, { body: readFileSync(join(dir, name)), type });
    }
  }

  @Get(':file')
  asset(@Param('file') file: string, @Res() reply: FastifyReply) {
    const found = this.files.get(file);
    if (!found) throw new NotFoundException();
    return reply.header('content-type', found.type).header('cache-control', 'public, max-age=300').send(found.body);
  }
}
