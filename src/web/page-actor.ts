import { type ExecutionContext, createParamDecorator } from '@nestjs/common';
import { present } from '../common/present';
import { type ConsoleRequest, consoleActor } from './console-http';

/**
 * The actor a page's change is made as (the signed-in person, for the page's agency, with the
 * request id), as the services and the audit log want it.
 */
export const PageActor = createParamDecorator((_data: unknown, context: ExecutionContext) => {
  const request = context.switchToHttp().getRequest<ConsoleRequest>();
  const session = present(request.consoleSession, 'a console session (the console guard sets it)');
  return consoleActor(session, present(request.consoleAgency, "the page's agency (the console guard sets it)").id, request.id);
});
