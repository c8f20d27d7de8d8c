import { z } from 'zod';
import { money } from '../common/validation';

/** The low-balance alert's settings, kept out of the controller: the console's alerts form takes the same. */
export const lowBalanceAlertBody = z.strictObject({ enabled: z.boolean(), threshold: money() });
