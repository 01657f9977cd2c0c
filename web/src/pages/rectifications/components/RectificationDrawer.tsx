import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Descriptions, Drawer, Form, Input, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { attachmentsApi } from '../../../api/attachments.js';
import { errorMessage } from '../../../api/client.js';
import { rectificationsApi } from '../../../api/rectifications.js';
import { AttachmentField } from '../../../components/ledger/AttachmentField.js';
import { Timeline, timelineQueryKey } from '../../../components/Timeline.js';
import { t } from '../../../locale/zh-CN.js';
import { StatusTag } from './StatusTag.js';

const ACTION_LABELS = {
  report: t('rect.report'),
  accept: t('rect.accept'),
  reject: t('rect.reject'),
  clear: t('rect.action.clear'),
  reopen: t('rect.action.reopen'),
};
const STATE_LABELS = {
  open: t('rect.status.open'),
  done: t('rect.status.done'),
  closed: t('rect.status.closed'),
};

export const RECTIFICATIONS_KEY = ['rectifications'] as const;

/** Fields of the finding worth showing besides the record's own (target, column, text, …). */
function findingEntries(finding: Record<string, unknown>): [string, string][] {
  return Object.entries(finding)
    .filter(([, v]) => v !== null && v !== undefined && v !== '' && typeof v !== 'object')
    .map(([k, v]) => [k, String(v)]);
}

/**
 * One rectification: the finding, the deadline, the unit's report with evidence, the verdict.
 * Buttons follow the server's `allowed` actions (report for the unit; accept/reject for the
 * committee when the source closes by acceptance).
 */
export function RectificationDrawer({ id, onClose }: { id: number | null; onClose: () => void }) {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [reportForm] = Form.useForm<{ note: string; evidenceIds: number[] }>();
  const [verdictForm] = Form.useForm<{ comment?: string }>();
  const detail = useQuery({
    queryKey: [...RECTIFICATIONS_KEY, 'detail', id],
    queryFn: () => rectificationsApi.get(id!),
    enabled: id !== null,
  });
  const record = detail.data;

  const after = async (text: string) => {
    message.success(text);
    reportForm.resetFields();
    verdictForm.resetFields();
    await queryClient.invalidateQueries({ queryKey: RECTIFICATIONS_KEY });
    if (id)
      await queryClient.invalidateQueries({ queryKey: timelineQueryKey('rectification', id) });
  };
  const run = async (work: () => Promise<unknown>, done: string) => {
    setBusy(true);
    try {
      await work();
      await after(done);
    } catch (error) {
      message.error(errorMessage(error));
    } finally {
      setBusy(false);
    }
  };

  const report = async () => {
    const values = await reportForm.validateFields();
    await run(
      () =>
        rectificationsApi.report(id!, {
          note: values.note,
          evidenceIds: values.evidenceIds ?? [],
        }),
      t('rect.reported'),
    );
  };
  const verdict = async (kind: 'accept' | 'reject') => {
    const { comment } = verdictForm.getFieldsValue();
    if (kind === 'reject' && !comment?.trim()) {
      message.warning(t('rect.comment.required'));
      return;
    }
    await run(
      () =>
        rectificationsApi.verdict(id!, { verdict: kind, comment: comment?.trim() || undefined }),
      kind === 'accept' ? t('rect.accepted') : t('rect.rejected'),
    );
  };

  return (
    <Drawer
      open={id !== null}
      onClose={onClose}
      title={t('rect.detail')}
      width="min(640px, 100vw)"
      destroyOnHidden
      data-testid="rectification-drawer"
    >
      {record ? (
        <Space direction="vertical" size="large" style={{ width: '100%' }}>
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t('rect.title')}>{record.title}</Descriptions.Item>
            <Descriptions.Item label={t('rect.status')}>
              <StatusTag record={record} />
            </Descriptions.Item>
            <Descriptions.Item label={t('rect.unit')}>{record.unitName}</Descriptions.Item>
            <Descriptions.Item label={t('rect.source')}>
              {record.sourceLabel}
              <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                {t(`rect.closedBy.${record.closedBy}`)}
              </Typography.Text>
            </Descriptions.Item>
            {record.target && record.target !== record.title ? (
              <Descriptions.Item label={t('rect.target')}>
                <Typography.Text style={{ wordBreak: 'break-all' }}>
                  {record.target}
                </Typography.Text>
              </Descriptions.Item>
            ) : null}
            {findingEntries(record.finding)
              .filter(([k]) => k !== 'target')
              .map(([k, v]) => (
                <Descriptions.Item key={k} label={k === 'text' ? t('rect.finding') : k}>
                  {v}
                </Descriptions.Item>
              ))}
            <Descriptions.Item label={t('rect.openedAt')}>
              {dayjs(record.openedAt).format('YYYY-MM-DD HH:mm')}
            </Descriptions.Item>
            <Descriptions.Item label={t('rect.dueAt')}>
              {dayjs(record.dueAt).format('YYYY-MM-DD')}
              {record.overdue ? (
                <Tag color="error" style={{ marginLeft: 8 }}>
                  {t('rect.overdue')}
                </Tag>
              ) : null}
            </Descriptions.Item>
            {record.reportNote ? (
              <Descriptions.Item label={t('rect.reportNote')}>
                {record.reportNote}
              </Descriptions.Item>
            ) : null}
            {record.evidence.length ? (
              <Descriptions.Item label={t('rect.evidence')}>
                <Space direction="vertical" size={0}>
                  {record.evidence.map((file) => (
                    <Typography.Link
                      key={file.id}
                      href={attachmentsApi.downloadUrl(file.id)}
                      target="_blank"
                    >
                      {file.filename}
                    </Typography.Link>
                  ))}
                </Space>
              </Descriptions.Item>
            ) : null}
            {record.verdictComment ? (
              <Descriptions.Item label={t('rect.verdictComment')}>
                {record.verdictComment}
              </Descriptions.Item>
            ) : null}
            {record.closedAt ? (
              <Descriptions.Item label={t('rect.closedAt')}>
                {dayjs(record.closedAt).format('YYYY-MM-DD HH:mm')}
              </Descriptions.Item>
            ) : null}
          </Descriptions>

          {record.allowed.includes('report') ? (
            <Form form={reportForm} layout="vertical" data-testid="rectification-report">
              <Form.Item
                name="note"
                label={t('rect.reportNote')}
                rules={[
                  { required: true, whitespace: true, message: t('rect.reportNote.required') },
                ]}
              >
                <Input.TextArea rows={3} maxLength={2000} showCount />
              </Form.Item>
              <Form.Item name="evidenceIds" label={t('rect.evidence')}>
                <AttachmentField unitId={record.unitId} />
              </Form.Item>
              <Button type="primary" loading={busy} onClick={() => void report()}>
                {t('rect.report')}
              </Button>
            </Form>
          ) : null}

          {record.allowed.includes('accept') || record.allowed.includes('reject') ? (
            <Form form={verdictForm} layout="vertical">
              <Form.Item name="comment" label={t('rect.comment')}>
                <Input.TextArea rows={2} maxLength={2000} />
              </Form.Item>
              <Space wrap>
                {record.allowed.includes('accept') ? (
                  <Button type="primary" loading={busy} onClick={() => void verdict('accept')}>
                    {t('rect.accept')}
                  </Button>
                ) : null}
                {record.allowed.includes('reject') ? (
                  <Button danger loading={busy} onClick={() => void verdict('reject')}>
                    {t('rect.reject')}
                  </Button>
                ) : null}
              </Space>
            </Form>
          ) : null}

          <div>
            <Typography.Title level={5}>{t('timeline.title')}</Typography.Title>
            <Timeline
              kind="rectification"
              id={record.id}
              actionLabels={ACTION_LABELS}
              stateLabels={STATE_LABELS}
            />
          </div>
        </Space>
      ) : null}
    </Drawer>
  );
}
