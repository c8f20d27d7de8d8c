import { Injectable } from '@nestjs/common';

/**
 * Whether this process has begun to stop. From that moment /ready answers 503 (a load balancer
 * stops sending new work) while requests already in flight are still answered.
 */
@Injectable()
export class ShutdownState {
  private startedAt: number | null = null;

  get shuttingDown(): boolean {
    return this.startedAt !== null;
  }

  begin(): void {
    this.startedAt ??= Date.now();
  }
}
