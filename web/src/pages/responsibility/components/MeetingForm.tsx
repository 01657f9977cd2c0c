import { ProFormDependency, ProFormSelect, ProFormTextArea } from '@ant-design/pro-components';
import type { Dayjs } from 'dayjs';
import {
  MEETING_KINDS,
  type Meeting,
  type MeetingKind,
  meetingsApi,
} from '../../../api/responsibility.js';
import {
  AttachmentsField,
  type Editor,
  HeldAtField,
  LedgerForm,
  TitleField,
  UnitField,
} from '../../../components/ledger/LedgerForm.js';
import { beijingInstant, pickerValue } from '../../../components/ledger/time.js';
import {
  type LedgerScope,
  personLabel,
  useFamilyPeople,
} from '../../../components/ledger/useLedgerScope.js';
import { t } from '../../../locale/zh-CN.js';

interface Values extends Record<string, unknown> {
  unitId: number;
  kind: MeetingKind;
  heldAt: Dayjs | string;
  title: string;
  participants?: string[];
  topics?: string;
  minutes?: string;
  attachmentIds?: number[];
}

export const meetingKindOptions = () =>
  MEETING_KINDS.map((k) => ({ value: k, label: t(`meeting.kind.${k}`) }));

/** 专题研究 / 分析研判 meeting: time in Beijing, participants by name, minutes, attachments. */
export function MeetingForm({
  editor,
  scope,
  onSaved,
}: {
  editor: Editor<Meeting>;
  scope: LedgerScope;
  onSaved: () => void;
}) {
  const meeting = editor.record;
  return (
    <LedgerForm<Values, Meeting>
      editor={editor}
      title={{ create: t('meeting.create'), edit: t('meeting.edit') }}
      width={640}
      initialValues={
        meeting
          ? { ...meeting, heldAt: pickerValue(meeting.heldAt) }
          : { unitId: scope.defaultUnitId, kind: 'special-study', attachmentIds: [] }
      }
      save={(values) => {
        const body = {
          kind: values.kind,
          heldAt: beijingInstant(values.heldAt),
          title: values.title.trim(),
          participants: values.participants ?? [],
          topics: values.topics ?? '',
          minutes: values.minutes ?? '',
          attachmentIds: values.attachmentIds ?? [],
        };
        return meeting
          ? meetingsApi.update(meeting.id, body)
          : meetingsApi.create({ ...body, unitId: values.unitId });
      }}
      onSaved={onSaved}
    >
      <UnitField scope={scope} locked={!!meeting} />
      <ProFormSelect
        name="kind"
        label={t('meeting.kind')}
        options={meetingKindOptions()}
        rules={[{ required: true, message: t('meeting.kind.required') }]}
      />
      <HeldAtField />
      <TitleField />
      <ProFormDependency name={['unitId']}>
        {({ unitId }) => <ParticipantsField scope={scope} unitId={unitId as number | undefined} />}
      </ProFormDependency>
      <ProFormTextArea name="topics" label={t('ledger.topics')} fieldProps={{ rows: 2 }} />
      <ProFormTextArea name="minutes" label={t('meeting.minutes')} fieldProps={{ rows: 4 }} />
      <AttachmentsField />
    </LedgerForm>
  );
}

/** Participants by name: people of the unit's family, or any name typed in. */
function ParticipantsField({ scope, unitId }: { scope: LedgerScope; unitId?: number }) {
  const people = useFamilyPeople(scope.units, unitId);
  return (
    <ProFormSelect
      name="participants"
      label={t('meeting.participants')}
      extra={t('meeting.participants.hint')}
      mode="tags"
      options={(people.data ?? []).map((p) => ({ value: p.name, label: personLabel(p) }))}
    />
  );
}
