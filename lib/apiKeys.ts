import { z } from 'zod';
import { ROLE_LABELS, type Role } from './roles';

/** What an administrator fills in to issue a key. */
export const ApiKeyForm = z.object({
  name: z
    .string()
    .trim()
    .min(1, 'Enter a name for the key, e.g. "Data warehouse monthly upload"')
    .max(80, 'The name must be at most 80 characters'),
  role: z.enum(Object.keys(ROLE_LABELS) as [Role, ...Role[]], { error: 'Choose the role the key acts with' }),
});

export interface ApiKeyIssueState {
  /** The new key, shown once. */
  key?: string;
  name?: string;
  error?: string;
}
