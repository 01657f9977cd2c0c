import {
  ModalForm,
  ProForm,
  ProFormDateTimePicker,
  ProFormDependency,
  ProFormSelect,
  ProFormText,
  ProFormTextArea,
  ProFormTreeSelect,
} from '@ant-design/pro-components';
import { App } from 'antd';
import type { Dayjs } from 'dayjs';
import { errorMessage } from '../../../api/client.js';
import {
  MEETING_KINDS,
  type Meeting,
  type MeetingKind,
  meetingsApi,
} from '../../../api/responsibility.js';
import { t } from '../../../locale/zh-CN.js';
import { AttachmentField } from '../../compliance/shared/AttachmentField.js';
import { beijingInstant, pickerValue } from '../../compliance/shared/time.js';
import { useFamilyPeople, type useLedgerScope } from '../../compliance/shared/useLedgerScope.js';

interface Props {
  open: boolean;
  meeting?: Meeting;
  scope: ReturnType<typeof useLedgerScope>;
  onOpenChange: (open: boolean) => void;
  onSaved: () => void;
}

interface Values {
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
export function MeetingForm({ open, meeting, scope, onOpenChange, onSaved }: Props) {
  const { message } = App.useApp();
  return (
    <ModalForm<Values>
      key={meeting?.id ?? 'new'}
      title={meeting ? t('meeting.edit') : t('meeting.create')}
      open={open}
      onOpenChange={onOpenChange}
      width={640}
      modalProps={{ destroyOnHidden: true }}
      initialValues={
        meeting
          ? {
              unitId: meeting.unitId,
              kind: meeting.kind,
              heldAt: pickerValue(meeting.heldAt),
              title: meeting.title,
              participants: meeting.participants,
              topics: meeting.topics,
              minutes: meeting.minutes,
              attachmentIds: meeting.attachmentIds,
            }
          : { unitId: scope.defaultUnitId, kind: 'special-study', attachmentIds: [] }
      }
      onFinish={async (values) => {
        const body = {
          kind: values.kind,
          heldAt: beijingInstant(values.heldAt),
          title: values.title.trim(),
          participants: values.participants ?? [],
          topics: values.topics ?? '',
          minutes: values.minutes ?? '',
          attachmentIds: values.attachmentIds ?? [],
        };
        try {
          if (meeting) await meetingsApi.update(meeting.id, body);
          else await meetingsApi.create({ ...body, unitId: values.unitId });
          message.success(t('common.saved'));
          onSaved();
          return true;
        } catch (error) {
          message.error(errorMessage(error));
          return false;
        }
      }}
    >
      <ProFormTreeSelect
        name="unitId"
        label={t('ledger.unit')}
        disabled={!!meeting}
        rules={[{ required: true, message: t('ledger.unit.required') }]}
        fieldProps={scope.unitPicker}
      />
      <ProFormSelect
        name="kind"
        label={t('meeting.kind')}
        options={meetingKindOptions()}
        rules={[{ required: true, message: t('meeting.kind.required') }]}
      />
      <ProFormDateTimePicker
        name="heldAt"
        label={t('ledger.heldAt')}
        fieldProps={{ format: 'YYYY-MM-DD HH:mm', showTime: { format: 'HH:mm' } }}
        rules={[{ required: true, message: t('ledger.heldAt.required') }]}
      />
      <ProFormText
        name="title"
        label={t('ledger.title')}
        rules={[{ required: true, message: t('ledger.title.required') }]}
      />
      <ProFormDependency name={['unitId']}>
        {({ unitId }) => <ParticipantsField scope={scope} unitId={unitId as number | undefined} />}
      </ProFormDependency>
      <ProFormTextArea name="topics" label={t('ledger.topics')} fieldProps={{ rows: 2 }} />
      <ProFormTextArea name="minutes" label={t('meeting.minutes')} fieldProps={{ rows: 4 }} />
      <ProFormDependency name={['unitId']}>
        {({ unitId }) => (
          <ProForm.Item name="attachmentIds" label={t('ledger.attachments')}>
            <AttachmentField unitId={unitId as number | undefined} />
          </ProForm.Item>
        )}
      </ProFormDependency>
    </ModalForm>
  );
}

function ParticipantsField({
  scope,
  unitId,
}: {
  scope: ReturnType<typeof useLedgerScope>;
  unitId?: number;
}) {
  const people = useFamilyPeople(scope.units, unitId);
  const options = (people.data ?? []).map((p) => ({
    value: p.name,
    label: p.title ? `${p.name}（${p.title}）` : p.name,
  }));
  return (
    <ProFormSelect
      name="participants"
      label={t('meeting.participants')}
      extra={t('meeting.participants.hint')}
      mode="tags"
      options={options}
    />
  );
}
