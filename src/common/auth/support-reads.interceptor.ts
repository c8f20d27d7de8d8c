import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { type Observable, from, switchMap } from 'rxjs';
import { AuditService } from '../../audit/audit.service';
import type { AuthenticatedRequest } from './principal';

/**
 * Every read of an agency's data by a support user is audited, so an owner can see who looked.
 * Support's own routes audit their reads with richer detail; this covers the agency-scoped GETs
 * support shares with owners (wallet, entries, subteams, settings, attempts, notifications).
 */
@Injectable()
export class SupportReadsInterceptor implements NestInterceptor {
  constructor(private readonly audit: AuditService) {}

  /** Synchronous for everyone but support, so the call path pays nothing for it. */
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest & AuthenticatedRequest>();
    if (request.principal?.role !== 'support' || request.method !== 'GET') return next.handle();
    const agencyId = (request.params as Record<string, string | undefined>)?.agencyId;
    const route = request.routeOptions.url ?? request.url;
    if (!agencyId || route.startsWith('/v1/support/')) return next.handle();
    const audited = this.audit.recordNow({
      actor: request.principal,
      agencyId,
      action: 'support.agency_read',
      after: { route, query: request.query ?? {} },
      requestId: request.id,
    });
    return from(audited).pipe(switchMap(() => next.handle()));
  }
}
