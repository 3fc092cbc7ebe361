/** The actions the audit trail records (the audit page filters by them). */
export const AUDIT_ACTIONS = [
  'sign_in',
  'sign_in_failed',
  'sign_out',
  'import_stored',
  'import_unchanged',
  'import_rejected',
  'rollback',
  'user_created',
  'user_changed',
  'priority_changed',
  'publication',
  'forecast_changed',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];
