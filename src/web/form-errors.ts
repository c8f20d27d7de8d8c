import { DomainError } from '../common/errors';

/**
 * A validation failure from the services or the API's schemas as one message per form field, for
 * the page to show next to each; null when the error is not about the input.
 */
export function fieldErrorsOf(error: unknown): Record<string, string> | null {
  if (!(error instanceof DomainError) || error.status !== 422) return null;
  const fields = (error.details as { fields?: { path: string; message: string }[] } | undefined)?.fields ?? [];
  const errors: Record<string, string> = {};
  for (const field of fields) errors[field.path.split('.')[0] || 'form'] ??= sentence(field.message);
  if (!fields.length) errors.form = error.message;
  return errors;
}

/** "must be at most 200" → "Must be at most 200." */
function sentence(message: string): string {
  const text = message.charAt(0).toUpperCase() + message.slice(1);
  return /[.!?]$/.test(text) ? text : `${text}.`;
}
