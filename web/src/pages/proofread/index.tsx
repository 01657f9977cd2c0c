import { PageContainer } from '@ant-design/pro-components';
import { Typography } from 'antd';
import { t } from '../../locale/zh-CN.js';
import { ProofEditor } from './components/ProofEditor.js';

export default function ProofreadPage() {
  return (
    <PageContainer title={t('proofread.title')}>
      <Typography.Paragraph type="secondary">{t('proofread.intro')}</Typography.Paragraph>
      <ProofEditor />
    </PageContainer>
  );
}
