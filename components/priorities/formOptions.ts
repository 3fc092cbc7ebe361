import { METRICS } from '@/lib/catalogue';
import { DIRECTION_LABELS, DIRECTIONS } from '@/lib/priorities';
import {
  AGE_BAND_LABELS,
  AGE_BANDS,
  NEED_LABELS,
  NEEDS,
  PROVISION_LABELS,
  PROVISIONS,
  SETTING_LABELS,
  SETTINGS,
} from '@/lib/template/codes';
import type { PriorityFormProps } from './PriorityForm';

export const PRIORITY_OPTIONS: PriorityFormProps['options'] = {
  metric: METRICS.map((m) => ({ value: m.id, label: m.label })),
  setting: SETTINGS.map((v) => ({ value: v, label: SETTING_LABELS[v] })),
  provision: PROVISIONS.map((v) => ({ value: v, label: PROVISION_LABELS[v] })),
  ageBand: AGE_BANDS.map((v) => ({ value: v, label: AGE_BAND_LABELS[v] })),
  need: NEEDS.map((v) => ({ value: v, label: NEED_LABELS[v] })),
  direction: DIRECTIONS.map((v) => ({ value: v, label: DIRECTION_LABELS[v] })),
};

export const METRIC_HINT =
  'The measure comes from the catalogue every page uses; some measures cannot be narrowed to a setting, provision, age or need.';
