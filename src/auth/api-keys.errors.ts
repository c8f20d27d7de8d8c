import { DomainError } from '../common/errors';

/**
 * A key is rotated once: its replacement is the key to rotate next. (A second rotation of the same
 * key would leave two working successors, one of them with nobody holding it.)
 */
export class ApiKeyRotatedError extends DomainError {
  readonly code = 'api_key_rotated';
  readonly status = 409;
  constructor(keyId: string, replacedBy: string) {
    super('This API key was already rotated; rotate its replacement instead', { keyId, replacedBy });
  }
}
