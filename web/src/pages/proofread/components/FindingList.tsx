import { AimOutlined, CheckOutlined } from '@ant-design/icons';
import { Button, Card, Empty, List, Space, Tag, Typography } from 'antd';
import { t } from '../../../locale/zh-CN.js';
import { adviceFor, CODE_COLOR, codeLabel, ruleLabel } from '../codes.js';
import type { PlacedFinding } from '../offsets.js';

interface Props {
  findings: readonly PlacedFinding[];
  onAccept: (finding: PlacedFinding) => void;
  onLocate: (finding: PlacedFinding) => void;
}

/** The findings in reading order, each with its suggestion and a one-click fix. */
export function FindingList({ findings, onAccept, onLocate }: Props) {
  return (
    <Card size="small" title={t('proofread.findings')} styles={{ body: { padding: '0 12px' } }}>
      {findings.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('proofread.empty')} />
      ) : (
        <List
          dataSource={findings as PlacedFinding[]}
          rowKey={(f) => `${f.start}-${f.rule}`}
          renderItem={(f) => {
            const canAccept = f.suggestion !== undefined && f.suggestion !== f.text;
            return (
              <List.Item data-testid="proof-finding" data-code={f.code}>
                <Space direction="vertical" size={2} style={{ width: '100%' }}>
                  <Space wrap size={4}>
                    <Tag color={CODE_COLOR[f.code].tag}>{codeLabel(f.code)}</Tag>
                    <Typography.Text delete={canAccept}>{f.text}</Typography.Text>
                    {canAccept ? (
                      <>
                        <span>→</span>
                        <Typography.Text strong>{f.suggestion}</Typography.Text>
                      </>
                    ) : null}
                  </Space>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('proofread.rule')}：{ruleLabel(f.rule)}
                    {canAccept ? '' : `　${adviceFor(f.code) ?? ''}`}
                  </Typography.Text>
                  <Space wrap size={4}>
                    {canAccept ? (
                      <Button
                        size="small"
                        type="primary"
                        icon={<CheckOutlined />}
                        onClick={() => onAccept(f)}
                        data-testid="proof-accept"
                      >
                        {t('proofread.accept')}
                      </Button>
                    ) : null}
                    <Button size="small" icon={<AimOutlined />} onClick={() => onLocate(f)}>
                      {t('proofread.locate')}
                    </Button>
                  </Space>
                </Space>
              </List.Item>
            );
          }}
        />
      )}
    </Card>
  );
}
