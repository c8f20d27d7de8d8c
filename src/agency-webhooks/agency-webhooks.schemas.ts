import { z } from 'zod';

/** An agency's webhook endpoint, kept out of the controller: the console's notifications page sets it too. */
export const endpointBody = z.strictObject({
  // Any public host, IP literals included (an agency may front its systems by address; the service
  // checks where it resolves). Credentials in the URL are refused: they would sit in our logs.
  url: z
    .url({ protocol: /^https?$/, message: 'must be an http or https URL' })
    .max(2000, 'must be at most 2000 characters')
    .refine((value) => {
      const url = URL.parse(value);
      return !url || (!url.username && !url.password);
    }, 'must not contain a user name or password'),
  enabled: z.boolean(),
  rotateSecret: z.boolean().optional(),
});
