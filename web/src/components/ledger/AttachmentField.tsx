import { PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { App, Button, Space, Typography, Upload, type UploadProps } from 'antd';
import { useRef, useState } from 'react';
import {
  ATTACHMENT_EXTENSIONS,
  attachmentsApi,
  checkAttachment,
  IMAGE_EXTENSIONS,
} from '../../api/attachments.js';
import { errorMessage } from '../../api/client.js';
import { t } from '../../locale/zh-CN.js';

interface FieldProps {
  /** Attachment ids (a form field's value). */
  value?: number[];
  onChange?: (ids: number[]) => void;
  /** The unit the files belong to; uploading waits until one is chosen. */
  unitId?: number;
  /** Photos only (activities). */
  images?: boolean;
  disabled?: boolean;
}

/**
 * Upload control of every ledger form: checks type and size before sending (the server checks
 * again and is authoritative), uploads to the record's unit, keeps the ids in the form.
 */
export function AttachmentField({ value, onChange, unitId, images, disabled }: FieldProps) {
  const { message } = App.useApp();
  const [uploading, setUploading] = useState(0);
  const ids = value ?? [];
  const extensions: readonly string[] = images ? IMAGE_EXTENSIONS : ATTACHMENT_EXTENSIONS;

  const beforeUpload: UploadProps['beforeUpload'] = (file) => {
    if (!unitId) {
      message.warning(t('ledger.attachments.needUnit'));
      return Upload.LIST_IGNORE;
    }
    const refusal = checkAttachment(file, extensions);
    if (refusal) {
      message.error(t(`ledger.attachments.${refusal}`, { name: file.name }));
      return Upload.LIST_IGNORE;
    }
    return true;
  };

  // Ids collected while several files upload at once: each success appends to the latest list.
  const latest = useRef(ids);
  latest.current = ids;
  const customRequest: UploadProps['customRequest'] = async ({ file, onSuccess, onError }) => {
    setUploading((n) => n + 1);
    try {
      const saved = await attachmentsApi.upload(unitId!, file as File);
      latest.current = [...latest.current, saved.id];
      onChange?.(latest.current);
      onSuccess?.(saved);
    } catch (error) {
      message.error(t('ledger.attachments.failed', { message: errorMessage(error) }));
      onError?.(error as Error);
    } finally {
      setUploading((n) => n - 1);
    }
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Upload
        accept={extensions.map((e) => `.${e}`).join(',')}
        multiple
        showUploadList={false}
        beforeUpload={beforeUpload}
        customRequest={customRequest}
        disabled={disabled}
      >
        <Button icon={<UploadOutlined />} loading={uploading > 0} disabled={disabled}>
          {t('ledger.attachments.upload')}
        </Button>
      </Upload>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {images ? t('ledger.attachments.photos.hint') : t('ledger.attachments.hint')}
      </Typography.Text>
      <AttachmentLinks
        ids={ids}
        onRemove={disabled ? undefined : (id) => onChange?.(ids.filter((x) => x !== id))}
      />
    </Space>
  );
}

/** Download links for attachment ids (names fetched once per id, cached). */
export function AttachmentLinks({
  ids,
  onRemove,
}: {
  ids: readonly number[];
  onRemove?: (id: number) => void;
}) {
  if (ids.length === 0) return null;
  return (
    <Space direction="vertical" size={2} data-testid="attachment-links">
      {ids.map((id) => (
        <AttachmentLink key={id} id={id} onRemove={onRemove} />
      ))}
    </Space>
  );
}

function AttachmentLink({ id, onRemove }: { id: number; onRemove?: (id: number) => void }) {
  const info = useQuery({
    queryKey: ['attachment', id],
    queryFn: () => attachmentsApi.info(id),
    staleTime: Number.POSITIVE_INFINITY,
  });
  const name = info.data?.filename ?? `#${id}`;
  return (
    <Space size={4}>
      <PaperClipOutlined />
      <Typography.Link href={attachmentsApi.downloadUrl(id)} download={name}>
        {name}
      </Typography.Link>
      {onRemove && (
        <Button type="link" size="small" danger onClick={() => onRemove(id)}>
          {t('ledger.delete')}
        </Button>
      )}
    </Space>
  );
}
