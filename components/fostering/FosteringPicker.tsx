import { ViewPicker } from '@/components/ui/ViewPicker';
import { RECRUITMENT_SETTINGS, RECRUITMENT_SETTING_LABELS, type RecruitmentSetting } from '@/lib/recruitment';

/**
 * Chooses the council and the fostering setting. Every loaded period is shown, so there is no
 * period choice; a question already asked (target, by) is carried along.
 */
export function FosteringPicker({
  councils,
  la,
  setting,
  carry,
}: {
  councils: readonly { code: string; name: string }[];
  la: string;
  setting: RecruitmentSetting;
  carry: { target?: string; by?: string };
}) {
  return (
    <ViewPicker
      action="/dashboard/fostering"
      councils={councils}
      la={la}
      choice={{
        name: 'setting',
        label: 'Foster carers',
        value: setting,
        options: RECRUITMENT_SETTINGS.map((s) => ({ value: s, label: RECRUITMENT_SETTING_LABELS[s] })),
      }}
      carry={carry}
      submitLabel="Show figures"
    />
  );
}
