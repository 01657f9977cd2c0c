// The position page's parts for new-media accounts (monitoring source, check state and history,
// posts per month) and for physical positions (check-ins with photos, taken on a phone).
import { CameraOutlined, DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { ProCard } from '@ant-design/pro-components';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Descriptions,
  Empty,
  Form,
  Image,
  Input,
  List,
  Select,
  Space,
  Table,
  Tag,
  Typography,
  Upload,
} from 'antd';
import ReactECharts from 'echarts-for-react';
import { useRef, useState } from 'react';
import { attachmentsApi, checkAttachment, IMAGE_EXTENSIONS } from '../../../api/attachments.js';
import { ApiError, errorMessage } from '../../../api/client.js';
import {
  type AccountStateName,
  type FeedCheck,
  type FeedSource,
  feedSourceLabels,
  feedSources,
  positionMediaApi,
} from '../../../api/position-media.js';
import type { ImportRowError } from '../../../api/types.js';

const POLL_MS = 1_500;
const STATE_COLORS: Record<AccountStateName, string> = {
  fine: 'success',
  stale: 'error',
  zombie: 'error',
  unknown: 'warning',
};
const time = (iso: string | null) =>
  iso ? new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }) : '—';
const beijingToday = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

/** A new-media account: how it is monitored, its state, posts per month, checks. */
export function FeedPanel({ positionId, canEdit }: { positionId: number; canEdit: boolean }) {
  const { message } = App.useApp();
  const client = useQueryClient();
  const key = ['positions', positionId, 'feed'];
  const overview = useQuery({
    queryKey: key,
    queryFn: async () => {
      const data = await positionMediaApi.feed(positionId);
      if (!data.checks.some((c) => c.status === 'queued' || c.status === 'running'))
        await client.invalidateQueries({ queryKey: ['rectifications', 'position', positionId] });
      return data;
    },
    refetchInterval: (query) =>
      query.state.data?.checks.some((c) => c.status === 'queued' || c.status === 'running')
        ? POLL_MS
        : false,
  });
  const [source, setSource] = useState<FeedSource>();
  const [rowErrors, setRowErrors] = useState<ImportRowError[]>();
  const refresh = () => client.invalidateQueries({ queryKey: key });
  const run = async (work: () => Promise<unknown>, done: string) => {
    try {
      await work();
      message.success(done);
      await refresh();
    } catch (error) {
      if (error instanceof ApiError && error.rows?.length) setRowErrors(error.rows);
      else message.error(errorMessage(error));
    }
  };
  const data = overview.data;
  const config = data?.config;
  const chosen = source ?? config?.source ?? 'feed';
  const latest = data?.latest;
  const busy = data?.checks.some((c) => c.status === 'queued' || c.status === 'running');
  const months = Object.entries(latest?.postsPerMonth ?? {}).slice(-12);

  return (
    <div data-testid="feed-panel">
      <Space direction="vertical" size={16} style={{ width: '100%' }}>
        <ProCard title="更新监测" bordered>
          {canEdit && (
            <Form
              layout="vertical"
              key={config?.updatedAt ?? 'new'}
              initialValues={{ source: config?.source ?? 'feed', feedUrl: config?.feedUrl ?? '' }}
              onFinish={(v: { source: FeedSource; feedUrl?: string }) =>
                run(
                  () =>
                    positionMediaApi.setFeed(positionId, {
                      source: v.source,
                      ...(v.source === 'feed' ? { feedUrl: v.feedUrl?.trim() } : {}),
                    }),
                  '监测方式已保存',
                )
              }
            >
              <Form.Item name="source" label="监测方式" rules={[{ required: true }]}>
                <Select
                  onChange={(v: FeedSource) => setSource(v)}
                  options={feedSources.map((s) => ({ value: s, label: feedSourceLabels[s] }))}
                />
              </Form.Item>
              {chosen === 'feed' && (
                <Form.Item
                  name="feedUrl"
                  label="订阅源地址"
                  extra="RSS、Atom 或 JSON Feed 地址（可使用第三方转换服务生成）"
                  rules={[{ required: true, message: '请填写订阅源地址' }]}
                >
                  <Input inputMode="url" placeholder="https://" />
                </Form.Item>
              )}
              <Space wrap>
                <Button htmlType="submit">保存监测方式</Button>
                {config && (
                  <Button
                    type="primary"
                    data-testid="feed-check-now"
                    disabled={busy}
                    onClick={() =>
                      run(() => positionMediaApi.startCheck(positionId), '已加入检查队列')
                    }
                  >
                    {busy ? '检查中…' : '立即检查'}
                  </Button>
                )}
              </Space>
            </Form>
          )}
          {!canEdit && (
            <Typography.Text>
              监测方式：{config ? config.sourceLabel : '尚未设置'}
              {config?.feedUrl ? `（${config.feedUrl}）` : ''}
            </Typography.Text>
          )}
          {canEdit && chosen === 'import' && (
            <Space wrap style={{ marginTop: 12 }}>
              <Button icon={<DownloadOutlined />} href={positionMediaApi.templateUrl} download>
                下载发布清单模板
              </Button>
              <Upload
                accept=".xlsx"
                showUploadList={false}
                beforeUpload={(file) => {
                  void run(() => positionMediaApi.importPosts(positionId, file), '发布清单已导入');
                  return false;
                }}
              >
                <Button icon={<UploadOutlined />}>导入发布清单</Button>
              </Upload>
            </Space>
          )}
          {canEdit && chosen === 'attestation' && (
            <Form
              layout="vertical"
              style={{ marginTop: 12 }}
              initialValues={{ date: beijingToday() }}
              onFinish={(v: { date: string; note: string }) =>
                run(() => positionMediaApi.attest(positionId, v), '负责人声明已登记')
              }
            >
              <Form.Item name="date" label="最近更新日期" rules={[{ required: true }]}>
                <Input type="date" max={beijingToday()} />
              </Form.Item>
              <Form.Item
                name="note"
                label="声明内容"
                rules={[{ required: true, message: '请填写' }]}
              >
                <Input.TextArea rows={2} maxLength={500} placeholder="如：发布工作动态一篇" />
              </Form.Item>
              <Button htmlType="submit">登记负责人声明</Button>
            </Form>
          )}
          {rowErrors && (
            <Alert
              style={{ marginTop: 12 }}
              type="error"
              closable
              onClose={() => setRowErrors(undefined)}
              message="发布清单有错误，未导入任何记录"
              description={
                <ul style={{ paddingLeft: 16, margin: 0 }}>
                  {rowErrors.map((r) => (
                    <li key={`${r.row}-${r.field}-${r.message}`}>
                      第 {r.row} 行 {r.field}：{r.message}
                    </li>
                  ))}
                </ul>
              }
            />
          )}
        </ProCard>
        <ProCard title="最近检查" bordered>
          {!latest ? (
            <Empty description="尚未检查" />
          ) : (
            <div data-testid="feed-latest">
              <Space direction="vertical" style={{ width: '100%' }}>
                <Space wrap>
                  <Tag color={latest.state ? STATE_COLORS[latest.state] : 'default'}>
                    {latest.stateLabel}
                  </Tag>
                  <Typography.Text type="secondary">{time(latest.finishedAt)}</Typography.Text>
                </Space>
                {latest.reasons.map((r) => (
                  <Typography.Text key={r}>{r}</Typography.Text>
                ))}
                <Descriptions column={{ xs: 1, sm: 3 }} size="small">
                  <Descriptions.Item label="最近发布">{time(latest.lastPostAt)}</Descriptions.Item>
                  <Descriptions.Item label="最长间隔">
                    {latest.longestGapDays === null ? '—' : `${latest.longestGapDays} 天`}
                  </Descriptions.Item>
                  <Descriptions.Item label="已记录发布">{data?.posts ?? 0} 条</Descriptions.Item>
                </Descriptions>
                {months.length > 0 && (
                  <ReactECharts
                    notMerge
                    style={{ height: 200, width: '100%' }}
                    option={{
                      title: { text: '每月发布数', left: 0, top: 0, textStyle: { fontSize: 13 } },
                      tooltip: { trigger: 'axis' },
                      grid: { left: 8, right: 8, top: 32, bottom: 8, containLabel: true },
                      xAxis: { type: 'category', data: months.map(([m]) => m) },
                      yAxis: { type: 'value', minInterval: 1 },
                      series: [{ type: 'bar', name: '发布数', data: months.map(([, n]) => n) }],
                    }}
                  />
                )}
              </Space>
            </div>
          )}
        </ProCard>
        <ProCard title="检查记录" bordered>
          <Table<FeedCheck>
            rowKey="id"
            size="small"
            pagination={false}
            scroll={{ x: 'max-content' }}
            dataSource={data?.checks ?? []}
            locale={{ emptyText: '暂无检查记录' }}
            columns={[
              { title: '时间', render: (_v, c) => time(c.finishedAt ?? c.queuedAt) },
              { title: '方式', dataIndex: 'sourceLabel' },
              {
                title: '结果',
                render: (_v, c) =>
                  c.state ? (
                    <Tag color={STATE_COLORS[c.state]}>{c.stateLabel}</Tag>
                  ) : (
                    <Tag>{c.statusLabel}</Tag>
                  ),
              },
              { title: '问题数', render: (_v, c) => c.findings.length },
              {
                title: '说明',
                render: (_v, c) => (
                  <Typography.Text type={c.error ? 'danger' : 'secondary'}>
                    {c.error || c.reasons[0] || ''}
                  </Typography.Text>
                ),
              },
            ]}
          />
        </ProCard>
      </Space>
    </div>
  );
}

/** A physical position's check-ins (打卡) and the phone-friendly form to add one. */
export function CheckinPanel({
  positionId,
  unitId,
  canEdit,
}: {
  positionId: number;
  unitId: number;
  canEdit: boolean;
}) {
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<{ checkedOn: string; content: string }>();
  const [photos, setPhotos] = useState<{ id: number; filename: string }[]>([]);
  const [uploading, setUploading] = useState(false);
  const photoInput = useRef<HTMLInputElement>(null);
  const [saving, setSaving] = useState(false);
  const list = useQuery({
    queryKey: ['positions', positionId, 'checkins'],
    queryFn: () => positionMediaApi.checkins(positionId),
  });
  const data = list.data;

  const addPhoto = async (file: File | undefined) => {
    if (!file) return;
    const refusal = checkAttachment(file, IMAGE_EXTENSIONS);
    if (refusal) {
      message.error(
        refusal === 'type'
          ? '照片应为 JPG 或 PNG 格式'
          : refusal === 'size'
            ? '照片不能超过 20 MB'
            : '照片为空',
      );
      return;
    }
    setUploading(true);
    try {
      const saved = await attachmentsApi.upload(unitId, file);
      setPhotos((p) => [...p, { id: saved.id, filename: saved.filename }]);
    } catch (error) {
      message.error(errorMessage(error));
    } finally {
      setUploading(false);
    }
  };

  const submit = async (v: { checkedOn: string; content: string }) => {
    setSaving(true);
    try {
      await positionMediaApi.checkin(positionId, {
        checkedOn: v.checkedOn,
        content: v.content,
        attachmentIds: photos.map((p) => p.id),
      });
      message.success('打卡成功');
      setPhotos([]);
      form.resetFields();
      await client.invalidateQueries({ queryKey: ['positions', positionId, 'checkins'] });
    } catch (error) {
      message.error(errorMessage(error));
    } finally {
      setSaving(false);
    }
  };

  return (
    <div data-testid="checkin-panel">
      <Space direction="vertical" size={16} style={{ width: '100%' }}>
        {data && (
          <Alert
            data-testid="checkin-due"
            type={data.overdue ? 'error' : 'info'}
            showIcon
            message={
              data.overdue
                ? `已逾期：应于 ${data.dueOn} 前打卡（每 ${data.cadenceDays} 天至少一次）`
                : `下次打卡应在 ${data.dueOn} 前（每 ${data.cadenceDays} 天至少一次）`
            }
            description={data.lastCheckedOn ? `最近一次打卡：${data.lastCheckedOn}` : '尚未打卡'}
          />
        )}
        {canEdit && (
          <ProCard title="打卡" bordered>
            <Form
              form={form}
              layout="vertical"
              initialValues={{ checkedOn: beijingToday(), content: '' }}
              onFinish={submit}
            >
              <Form.Item name="checkedOn" label="检查日期" rules={[{ required: true }]}>
                <Input type="date" max={beijingToday()} />
              </Form.Item>
              <Form.Item
                name="content"
                label="展示内容"
                rules={[{ required: true, message: '请填写现场展示的内容' }]}
              >
                <Input.TextArea rows={3} maxLength={1000} placeholder="如：更新学习专栏展板" />
              </Form.Item>
              <Form.Item label="现场照片">
                <Space direction="vertical" style={{ width: '100%' }}>
                  <Button
                    icon={<CameraOutlined />}
                    loading={uploading}
                    onClick={() => photoInput.current?.click()}
                  >
                    拍照或选择照片
                  </Button>
                  <input
                    ref={photoInput}
                    type="file"
                    accept="image/*"
                    capture="environment"
                    data-testid="checkin-photo"
                    style={{ display: 'none' }}
                    onChange={(e) => {
                      void addPhoto(e.target.files?.[0]);
                      e.target.value = '';
                    }}
                  />
                  {photos.length > 0 && (
                    <Space wrap data-testid="checkin-photos">
                      {photos.map((p) => (
                        <Image
                          key={p.id}
                          width={72}
                          height={72}
                          style={{ objectFit: 'cover' }}
                          src={attachmentsApi.downloadUrl(p.id)}
                          alt={p.filename}
                        />
                      ))}
                    </Space>
                  )}
                </Space>
              </Form.Item>
              <Button
                type="primary"
                htmlType="submit"
                block
                loading={saving}
                disabled={uploading}
                data-testid="checkin-submit"
              >
                提交打卡
              </Button>
            </Form>
          </ProCard>
        )}
        <ProCard title="打卡记录" bordered>
          {!data?.items.length ? (
            <Empty description="暂无打卡记录" />
          ) : (
            <List
              data-testid="checkin-list"
              dataSource={data.items}
              renderItem={(c) => (
                <List.Item>
                  <Space direction="vertical" style={{ width: '100%' }}>
                    <Typography.Text strong>{c.checkedOn}</Typography.Text>
                    <Typography.Text style={{ wordBreak: 'break-all' }}>
                      {c.content}
                    </Typography.Text>
                    {c.attachments.length > 0 && (
                      <Space wrap>
                        {c.attachments.map((a) => (
                          <Image
                            key={a.id}
                            width={72}
                            height={72}
                            style={{ objectFit: 'cover' }}
                            src={attachmentsApi.downloadUrl(a.id)}
                            alt={a.filename}
                          />
                        ))}
                      </Space>
                    )}
                  </Space>
                </List.Item>
              )}
            />
          )}
        </ProCard>
      </Space>
    </div>
  );
}
