import { type ExecutionContext, createParamDecorator } from '@nestjs/common';
import { type ConsoleRequest, consoleActor } from './console-http';

/**
 * The actor a page's change is made as (the signed-in person, for the page's agency, with the
 * request id), as the services and the audit log want it.
 */
export const PageActor = createParamDecorator((_data: unknown, context: ExecutionContext) => {
  const request = context.switchToHttp().getRequest<ConsoleRequest>();
  return consoleActor(request.consoleSession!, request.consoleAgency!.id, request.id);
});
