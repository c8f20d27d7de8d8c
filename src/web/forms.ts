import { DomainError } from '../common/errors';

/** A form's fields as typed (strings), for showing them back. */
export type FormValues = Record<string, string>;

/** The errors next to each field, by field name. */
export type FieldErrors = Record<string, string>;

/** "must be …" → "Must be …": messages that start a line under a field. */
const sentence = (message: string) => message.charAt(0).toUpperCase() + message.slice(1) + (/[.!?]$/.test(message) ? '' : '.');

/**
 * A service's ValidationError as errors under the fields it names (`details.fields`, the API's
 * shape); what names no field of the form goes under `form`.
 */
export function fieldErrorsOf(error: DomainError, known: readonly string[]): FieldErrors {
  const errors: FieldErrors = {};
  const fields = (error.details as { fields?: { path: string; message: string }[] }).fields ?? [];
  for (const field of fields) {
    const name = known.find((candidate) => field.path === candidate || field.path.startsWith(`${candidate}.`)) ?? 'form';
    errors[name] ??= sentence(field.message);
  }
  if (!fields.length) errors.form = sentence(error.message);
  return errors;
}

/** An amount as people type it ("$1,200", " 50 ") as the API takes it ("1200", "50"); empty stays empty. */
export function typedAmount(value: unknown): string {
  return typeof value === 'string' ? value.replace(/[\s,$€£¥]/g, '') : '';
}

export function typedText(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}

/** A checkbox: present ("on") when ticked, absent otherwise. */
export function ticked(value: unknown): boolean {
  return value === 'on' || value === 'true';
}
