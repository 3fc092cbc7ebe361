/** The actions the audit trail records (the audit page filters by them). */
export const AUDIT_ACTIONS = [
  'sign_in',
  'sign_in_failed',
  'sign_out',
  'import_stored',
  'import_unchanged',
  'import_rejected',
  'import_cancelled',
  'rollback',
  'user_created',
  'user_changed',
  'priority_changed',
  'publication',
  'forecast_changed',
  'api_key_issued',
  'api_key_revoked',
  'api_key_used',
  'api_key_refused',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];
