// The proofreading editor: a textarea with the findings drawn over it, and the list of findings.
// Reused as the first step of the publishing workflow, so it owns no page chrome: give it a value
// (or let it keep its own) and listen to its changes and findings.
import { CheckOutlined, RedoOutlined, UndoOutlined } from '@ant-design/icons';
import { Alert, Button, Col, Popover, Row, Space, Typography } from 'antd';
import {
  type CSSProperties,
  type KeyboardEvent,
  type ReactNode,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { errorMessage } from '../../../api/client.js';
import { MAX_PROOFREAD_CHARS, type ProofreadResult, proofreadApi } from '../../../api/proofread.js';
import { t } from '../../../locale/zh-CN.js';
import { adviceFor, CODE_COLOR, codeLabel, ruleLabel } from '../codes.js';
import {
  applySuggestion,
  codePointsBetween,
  highlightSegments,
  type PlacedFinding,
  placeFindings,
  remapFindings,
} from '../offsets.js';
import { FindingList } from './FindingList.js';

export interface ProofEditorProps {
  /** Controlled text; omit to let the editor keep its own (starting from `defaultValue`). */
  value?: string;
  defaultValue?: string;
  onChange?: (text: string) => void;
  /** Called whenever the shown findings change (after a check, an edit or an accepted suggestion). */
  onFindingsChange?: (findings: PlacedFinding[]) => void;
  /** How the text is checked; the server's merged dictionary by default. */
  check?: (text: string) => Promise<ProofreadResult>;
  /** Pause after typing before the text is checked again. */
  debounceMs?: number;
  placeholder?: string;
  /** Minimum height of the writing area in pixels. */
  minHeight?: number;
  /** Show the list of findings beside (wide screens) or below (phones) the text. */
  showList?: boolean;
  /** More buttons for the toolbar (e.g. Word upload and export), after undo/redo. */
  toolbarExtra?: ReactNode;
}

/** How many earlier texts undo can go back to. */
const HISTORY_LIMIT = 200;

/** Suggestions to apply at once: the fixable findings, later ones first, overlaps skipped. */
export function acceptAllSuggestions(text: string, findings: readonly PlacedFinding[]): string {
  const fixable = findings
    .filter((f) => f.suggestion !== undefined && f.suggestion !== f.text)
    .sort((a, b) => b.start - a.start);
  let next = text;
  let floor = Number.POSITIVE_INFINITY;
  for (const finding of fixable) {
    if (finding.end > floor) continue;
    next = applySuggestion(next, finding);
    floor = finding.start;
  }
  return next;
}

type Status =
  | { kind: 'idle' }
  | { kind: 'checking' }
  | { kind: 'done'; chars: number }
  | { kind: 'error'; message: string }
  | { kind: 'tooLong' };

// The textarea and the layer of marks over it must lay text out identically, character for
// character: same font, size, line height, padding, border and wrapping.
const sharedText: CSSProperties = {
  boxSizing: 'border-box',
  width: '100%',
  margin: 0,
  padding: '8px 11px',
  border: '1px solid transparent',
  borderRadius: 6,
  fontFamily: 'inherit',
  // 16px keeps phones from zooming into the field.
  fontSize: 16,
  lineHeight: 1.8,
  letterSpacing: 'normal',
  whiteSpace: 'pre-wrap',
  overflowWrap: 'break-word',
  wordBreak: 'break-word',
  tabSize: 4,
};

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

export function ProofEditor({
  value,
  defaultValue = '',
  onChange,
  onFindingsChange,
  check = proofreadApi.check,
  debounceMs = 500,
  placeholder = t('proofread.placeholder'),
  minHeight = 280,
  showList = true,
  toolbarExtra,
}: ProofEditorProps) {
  const controlled = value !== undefined;
  const [ownText, setOwnText] = useState(defaultValue);
  const text = controlled ? value : ownText;
  const [findings, setFindings] = useState<PlacedFinding[]>([]);
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const textareaRef = useRef<HTMLTextAreaElement>(null);
  const latestText = useRef(text);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const checkRef = useRef(check);
  checkRef.current = check;

  // Callbacks from the parent are read through refs: a new function each render must not
  // restart a check.
  const findingsRef = useRef<PlacedFinding[]>([]);
  const onFindingsRef = useRef(onFindingsChange);
  onFindingsRef.current = onFindingsChange;
  const firstCheck = useRef(true);

  const publishFindings = (next: PlacedFinding[]) => {
    findingsRef.current = next;
    setFindings(next);
    onFindingsRef.current?.(next);
  };

  const runCheck = async (target: string) => {
    if (codePointsBetween(target, 0, target.length) > MAX_PROOFREAD_CHARS) {
      setStatus({ kind: 'tooLong' });
      return;
    }
    setStatus({ kind: 'checking' });
    try {
      const result = await checkRef.current(target);
      // An answer for text the user has since changed is dropped: the next check is on its way.
      if (target !== latestText.current) return;
      publishFindings(placeFindings(target, result.findings));
      setStatus({ kind: 'done', chars: result.chars });
    } catch (error) {
      if (target !== latestText.current) return;
      setStatus({ kind: 'error', message: errorMessage(error) });
    }
  };
  const runCheckRef = useRef(runCheck);
  runCheckRef.current = runCheck;

  // Any new text (typed, pasted, accepted or set by the parent) is checked after a pause; the
  // findings shown meanwhile are carried across the edit so they do not flicker or point amiss.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a new text starts a check; the rest is read through refs
  useEffect(() => {
    const previous = latestText.current;
    latestText.current = text;
    if (previous !== text) publishFindings(remapFindings(previous, text, findingsRef.current));
    clearTimeout(timer.current);
    if (text.length === 0) {
      publishFindings([]);
      setStatus({ kind: 'done', chars: 0 });
      return;
    }
    const delay = firstCheck.current ? 0 : debounceMs;
    firstCheck.current = false;
    timer.current = setTimeout(() => void runCheckRef.current(text), delay);
  }, [text]);

  useEffect(() => () => clearTimeout(timer.current), []);

  const setText = (next: string) => {
    if (!controlled) setOwnText(next);
    onChange?.(next);
  };

  // Undo/redo over whole texts: an accepted suggestion (or all of them) is one step, a run of
  // typing is one step. The textarea's own undo cannot be used: a text set by a click is not in it.
  const history = useRef({ undo: [] as string[], redo: [] as string[], typing: false });
  const [, setHistoryVersion] = useState(0);
  const change = (next: string, kind: 'typing' | 'edit') => {
    if (next === text) return;
    const h = history.current;
    if (kind === 'edit' || !h.typing) {
      h.undo.push(text);
      if (h.undo.length > HISTORY_LIMIT) h.undo.shift();
    }
    h.typing = kind === 'typing';
    h.redo = [];
    setHistoryVersion((v) => v + 1);
    setText(next);
  };
  const step = (from: 'undo' | 'redo') => {
    const h = history.current;
    const target = h[from].pop();
    if (target === undefined) return;
    h[from === 'undo' ? 'redo' : 'undo'].push(text);
    h.typing = false;
    setHistoryVersion((v) => v + 1);
    setText(target);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (!(event.ctrlKey || event.metaKey)) return;
    const key = event.key.toLowerCase();
    if (key === 'z' && !event.shiftKey) {
      event.preventDefault();
      step('undo');
    } else if (key === 'y' || (key === 'z' && event.shiftKey)) {
      event.preventDefault();
      step('redo');
    }
  };

  const accept = (finding: PlacedFinding) => {
    if (finding.suggestion === undefined) return;
    change(applySuggestion(text, finding), 'edit');
  };
  const fixableCount = findings.filter(
    (f) => f.suggestion !== undefined && f.suggestion !== f.text,
  ).length;
  const acceptAll = () => change(acceptAllSuggestions(text, findings), 'edit');

  const locate = (finding: PlacedFinding) => {
    const area = textareaRef.current;
    if (!area) return;
    area.focus();
    area.setSelectionRange(finding.start, finding.end);
  };

  const segments = useMemo(() => highlightSegments(text, findings), [text, findings]);

  const renderPopover = (finding: PlacedFinding): ReactNode => (
    <Space direction="vertical" size={4} style={{ maxWidth: 280 }}>
      <Typography.Text strong>{codeLabel(finding.code)}</Typography.Text>
      <Typography.Text type="secondary">
        {t('proofread.rule')}：{ruleLabel(finding.rule)}
      </Typography.Text>
      {finding.suggestion !== undefined && finding.suggestion !== finding.text ? (
        <>
          <span>
            {t('proofread.suggestion')}：
            <Typography.Text mark>{finding.suggestion}</Typography.Text>
          </span>
          <Button
            size="small"
            type="primary"
            icon={<CheckOutlined />}
            onClick={() => accept(finding)}
            data-testid="proof-accept-inline"
          >
            {t('proofread.accept')}
          </Button>
        </>
      ) : (
        <span>{adviceFor(finding.code)}</span>
      )}
    </Space>
  );

  const editor = (
    <div style={{ position: 'relative', background: '#fff', borderRadius: 6 }}>
      <div
        aria-hidden
        data-testid="proof-highlights"
        style={{
          ...sharedText,
          minHeight,
          position: 'relative',
          zIndex: 1,
          color: 'transparent',
          pointerEvents: 'none',
        }}
      >
        {segments.map((segment) => {
          const f = segment.finding;
          if (!f) return <span key={`t${segment.start}`}>{segment.text}</span>;
          const colour = CODE_COLOR[f.code];
          return (
            <Popover key={`f${f.start}-${f.rule}`} content={renderPopover(f)} trigger="hover">
              <mark
                data-testid="proof-mark"
                data-code={f.code}
                onClick={() => locate(f)}
                onKeyDown={undefined}
                style={{
                  pointerEvents: 'auto',
                  cursor: 'pointer',
                  color: 'transparent',
                  padding: 0,
                  borderRadius: 2,
                  background: colour.mark,
                  textDecorationLine: 'underline',
                  textDecorationStyle: 'wavy',
                  textDecorationColor: colour.line,
                  textDecorationSkipInk: 'none',
                  textUnderlineOffset: 4,
                }}
              >
                {segment.text}
              </mark>
            </Popover>
          );
        })}
        {/* A final newline only gets a line of its own when something follows it. */}
        {'\u200b'}
      </div>
      <textarea
        ref={textareaRef}
        data-testid="proof-text"
        value={text}
        placeholder={placeholder}
        spellCheck={false}
        onChange={(event) => change(stripBom(event.target.value), 'typing')}
        onKeyDown={onKeyDown}
        style={{
          ...sharedText,
          position: 'absolute',
          inset: 0,
          height: '100%',
          resize: 'none',
          overflow: 'hidden',
          background: 'transparent',
          border: '1px solid #d9d9d9',
          color: 'rgba(0, 0, 0, 0.88)',
          outline: 'none',
          zIndex: 0,
        }}
      />
    </div>
  );

  const statusLine = (() => {
    switch (status.kind) {
      case 'checking':
        return <Typography.Text type="secondary">{t('proofread.checking')}</Typography.Text>;
      case 'done':
        return (
          <Typography.Text type="secondary" data-testid="proof-status">
            {findings.length === 0
              ? t('proofread.clean', { chars: status.chars })
              : t('proofread.summary', { chars: status.chars, n: findings.length })}
          </Typography.Text>
        );
      case 'error':
        return (
          <Alert
            type="error"
            showIcon
            message={t('proofread.failed', { message: status.message })}
          />
        );
      case 'tooLong':
        return (
          <Alert
            type="warning"
            showIcon
            message={t('proofread.tooLong', { max: MAX_PROOFREAD_CHARS })}
          />
        );
      default:
        return null;
    }
  })();

  const toolbar = (
    <Space wrap size={8}>
      <Button
        type="primary"
        icon={<CheckOutlined />}
        disabled={fixableCount === 0}
        onClick={acceptAll}
        data-testid="proof-accept-all"
      >
        {t('proofread.acceptAll', { n: fixableCount })}
      </Button>
      <Button
        icon={<UndoOutlined />}
        disabled={history.current.undo.length === 0}
        onClick={() => step('undo')}
        data-testid="proof-undo"
      >
        {t('proofread.undo')}
      </Button>
      <Button
        icon={<RedoOutlined />}
        disabled={history.current.redo.length === 0}
        onClick={() => step('redo')}
        data-testid="proof-redo"
      >
        {t('proofread.redo')}
      </Button>
      {toolbarExtra}
    </Space>
  );

  if (!showList) {
    return (
      <Space direction="vertical" style={{ width: '100%' }}>
        {toolbar}
        {editor}
        {statusLine}
      </Space>
    );
  }
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={15} xl={16}>
        <Space direction="vertical" style={{ width: '100%' }}>
          {toolbar}
          {editor}
          {statusLine}
        </Space>
      </Col>
      <Col xs={24} lg={9} xl={8}>
        <FindingList findings={findings} onAccept={accept} onLocate={locate} />
      </Col>
    </Row>
  );
}
