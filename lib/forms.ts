/**
 * The states of the forms whose server actions answer with errors and what was typed: shared by
 * the actions (app/) and the form components (components/), which import no runtime code from app/.
 */

export interface PriorityFormState {
  errors: Record<string, string>;
  values: Record<string, string>;
}

export interface ComparatorFormState {
  errors: string[];
  value: string;
}

/** The server actions of the forecast page's plans and scenarios, passed to its component as props. */
export interface ForecastPlanActions {
  addPlanAction: (formData: FormData) => Promise<void>;
  deletePlanAction: (formData: FormData) => Promise<void>;
  addScenarioAction: (formData: FormData) => Promise<void>;
  deleteScenarioAction: (formData: FormData) => Promise<void>;
}
