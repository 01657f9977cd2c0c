import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { PageContainer } from '@ant-design/pro-components';
import { Alert, App, Button, Spin, Typography, Upload } from 'antd';
import { useEffect, useState } from 'react';
import { errorMessage } from '../../api/client.js';
import { proofreadApi, textToDocx } from '../../api/proofread.js';
import { useMe } from '../../auth/session.js';
import { t } from '../../locale/zh-CN.js';
import { ProofEditor } from './components/ProofEditor.js';
import { clearDraft, loadDraft, saveDraft } from './draft.js';

/** Offers a generated file as a download under `name`. */
function download(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The editor page: the draft is kept in this browser per user and comes back on return. */
function DraftEditor({ userId }: { userId: number }) {
  const { message } = App.useApp();
  const [restored] = useState(() => loadDraft(userId));
  const [text, setText] = useState(restored ?? '');
  const [busy, setBusy] = useState<'upload' | 'export' | null>(null);

  useEffect(() => {
    saveDraft(userId, text);
  }, [userId, text]);

  const readWord = async (file: File) => {
    setBusy('upload');
    try {
      const result = await proofreadApi.readDocx(file);
      setText(result.text);
      message.success(
        t('proofread.uploaded', {
          name: file.name,
          paragraphs: result.paragraphs,
          chars: result.chars,
        }),
      );
    } catch (error) {
      message.error(errorMessage(error));
    } finally {
      setBusy(null);
    }
  };

  const exportWord = async () => {
    setBusy('export');
    try {
      download(await textToDocx(text), t('proofread.exportName'));
    } finally {
      setBusy(null);
    }
  };

  return (
    <>
      {restored ? (
        <Alert
          type="info"
          showIcon
          closable
          style={{ marginBottom: 12 }}
          message={<span data-testid="proof-draft-restored">{t('proofread.draftRestored')}</span>}
          action={
            <Button
              size="small"
              onClick={() => {
                clearDraft(userId);
                setText('');
              }}
            >
              {t('proofread.clearDraft')}
            </Button>
          }
        />
      ) : null}
      <ProofEditor
        value={text}
        onChange={setText}
        toolbarExtra={
          <>
            <Upload
              accept=".docx"
              showUploadList={false}
              maxCount={1}
              beforeUpload={(file) => {
                void readWord(file);
                return false;
              }}
            >
              <Button
                icon={<UploadOutlined />}
                loading={busy === 'upload'}
                data-testid="proof-upload"
              >
                {t('proofread.upload')}
              </Button>
            </Upload>
            <Button
              icon={<DownloadOutlined />}
              disabled={text.length === 0}
              loading={busy === 'export'}
              onClick={() => void exportWord()}
              data-testid="proof-export"
            >
              {t('proofread.export')}
            </Button>
          </>
        }
      />
    </>
  );
}

export default function ProofreadPage() {
  const { data: me } = useMe();
  return (
    <PageContainer title={t('proofread.title')}>
      <Typography.Paragraph type="secondary">{t('proofread.intro')}</Typography.Paragraph>
      {me ? <DraftEditor key={me.id} userId={me.id} /> : <Spin />}
    </PageContainer>
  );
}
