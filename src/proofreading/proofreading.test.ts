import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, agentFor, createTestWorld, type TestWorld } from '../platform/testing.js';
import { compileProofreader, defaultEntries } from '../proofread/index.js';
import { MAX_PROOFREAD_CHARS } from './contract.js';
import { compilationCount, currentProofreader, type PresentedEntry } from './service.js';

let world: TestWorld;
let admin: Agent;
let liaison: Agent;
let editor: Agent;

beforeAll(async () => {
  world = await createTestWorld();
  admin = await agentFor(world.app, world.users.committee_admin.username);
  liaison = await agentFor(world.app, world.users.unit_liaison.username);
  editor = await agentFor(world.app, world.users.editor.username);
});
afterAll(() => world.close());

interface ProofreadBody {
  chars: number;
  findings: Array<{
    code: string;
    offset: number;
    length: number;
    text: string;
    suggestion?: string;
    rule: string;
  }>;
}

async function proofread(agent: Agent, text: string): Promise<ProofreadBody> {
  const response = await agent.post('/api/v1/proofread', { text });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

async function auditRows(action: string, entityId: string) {
  return world.database.query<{ before: unknown; after: unknown; actor_name: string }>(
    `select before, after, actor_name from audit_log where action = $1 and entity = 'dictionary-entry' and entity_id = $2 order by id`,
    [action, entityId],
  );
}

describe('POST /proofread', () => {
  it('answers the contract JSON with code point offsets for any signed-in user', async () => {
    // 𠮷 is outside the BMP: two UTF-16 units, one code point before the finding.
    const text = '𠮷我们要再接再励，学习新时代中国特色社会注义思想。';
    const body = await proofread(editor, text);
    expect(body.chars).toBe([...text].length);
    const typo = body.findings.find((f) => f.code === 'typo');
    expect(typo).toEqual({
      code: 'typo',
      offset: 4,
      length: 4,
      text: '再接再励',
      suggestion: '再接再厉',
      rule: 'typo:再接再励',
    });
    const formulation = body.findings.find((f) => f.code === 'formulation-error');
    expect(formulation?.text).toBe('新时代中国特色社会注义思想');
    expect(formulation?.suggestion).toBe('新时代中国特色社会主义思想');
    expect(
      [...text].slice(formulation!.offset, formulation!.offset + formulation!.length).join(''),
    ).toBe(formulation!.text);
    // Exactly what the engine with the shipped dictionary says (no admin rows yet).
    expect(body.findings).toEqual(compileProofreader(defaultEntries).check(text));
  });

  it('ignores a leading BOM in chars and offsets, and handles empty text', async () => {
    const body = await proofread(liaison, '\ufeff再接再励');
    expect(body).toMatchObject({ chars: 4, findings: [{ offset: 0, length: 4 }] });
    expect(await proofread(liaison, '')).toEqual({ chars: 0, findings: [] });
  });

  it('refuses text over the limit with a Chinese message naming the field', async () => {
    const response = await editor.post('/api/v1/proofread', {
      text: '好'.repeat(MAX_PROOFREAD_CHARS + 1),
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.field).toBe('text');
    expect(response.json().error.message).toContain('200000');
  });

  it('is refused without a session', async () => {
    const anonymous = await agentFor(world.app);
    expect((await anonymous.post('/api/v1/proofread', { text: '再接再励' })).statusCode).toBe(401);
  });
});

describe('dictionary administration', () => {
  it('lists shipped entries merged with overrides, filtered by kind, state and keyword', async () => {
    const all = await admin.get('/api/v1/dictionary');
    expect(all.statusCode).toBe(200);
    expect(all.json().total).toBe(defaultEntries.length);
    expect(all.json().counts.shipped).toBe(defaultEntries.length);
    const numbered = await admin.get(
      '/api/v1/dictionary?kind=numbered&q=四个意识&page=1&pageSize=5',
    );
    const items = numbered.json().items as PresentedEntry[];
    expect(items.map((e) => e.id)).toContain('四个意识');
    expect(items.every((e) => e.kind === 'numbered' && e.state === 'shipped')).toBe(true);
    expect(items.find((e) => e.id === '四个意识')?.members).toContain('看齐意识');
  });

  it('an added entry makes POST /proofread find its miswriting, audited with after', async () => {
    const sentence = '全面推进清廉机关建设，打造请廉机关示范点。';
    expect((await proofread(editor, sentence)).findings).toEqual([]);

    const created = await admin.post('/api/v1/dictionary', {
      kind: 'formulation',
      canonical: '清廉机关',
      knownWrong: ['请廉机关'],
      note: '本市创建主题',
    });
    expect(created.statusCode, created.body).toBe(200);
    expect(created.json()).toMatchObject({ id: '清廉机关', origin: 'added', state: 'added' });

    const findings = (await proofread(editor, sentence)).findings;
    expect(findings).toEqual([
      expect.objectContaining({
        code: 'formulation-error',
        text: '请廉机关',
        suggestion: '清廉机关',
        offset: [...sentence].indexOf('请'),
      }),
    ]);

    const [audit] = await auditRows('dictionary.create', '清廉机关');
    expect(audit?.before).toBeNull();
    expect(audit?.after).toMatchObject({ canonical: '清廉机关', knownWrong: ['请廉机关'] });
    expect(audit?.actor_name).toBe(`测试committee_admin`);

    const listed = await admin.get('/api/v1/dictionary?state=added');
    expect((listed.json().items as PresentedEntry[]).map((e) => e.id)).toEqual(['清廉机关']);
  });

  it('refuses a second entry with the same id', async () => {
    const response = await admin.post('/api/v1/dictionary', {
      kind: 'typo',
      id: 'typo:再接再励',
      canonical: '再接再厉',
      knownWrong: ['再接再励'],
    });
    expect(response.statusCode).toBe(409);
    expect(response.json().error).toMatchObject({ field: 'id' });
    expect(response.json().error.message).toContain('已存在');
  });

  it('disabling a shipped entry stops its findings; enabling brings them back; both audited', async () => {
    const text = '我们要再接再励。';
    expect((await proofread(editor, text)).findings).toHaveLength(1);

    const id = encodeURIComponent('typo:再接再励');
    const off = await admin.patch(`/api/v1/dictionary/${id}`, { enabled: false });
    expect(off.statusCode, off.body).toBe(200);
    expect(off.json()).toMatchObject({ enabled: false, state: 'disabled', origin: 'shipped' });
    expect((await proofread(editor, text)).findings).toEqual([]);

    const on = await admin.patch(`/api/v1/dictionary/${id}`, { enabled: true });
    expect(on.json()).toMatchObject({ enabled: true, state: 'shipped' });
    expect((await proofread(editor, text)).findings).toHaveLength(1);

    const [disabled] = await auditRows('dictionary.disable', 'typo:再接再励');
    expect(disabled?.before).toMatchObject({ enabled: true });
    expect(disabled?.after).toMatchObject({ enabled: false });
    expect(await auditRows('dictionary.enable', 'typo:再接再励')).toHaveLength(1);
  });

  it('edits a shipped entry (state edited) and restores it', async () => {
    const id = encodeURIComponent('四个意识');
    const edited = await admin.patch(`/api/v1/dictionary/${id}`, {
      verbs: ['增强', '树牢', '牢固树立', '树立', '强化', '筑牢'],
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({ state: 'edited', origin: 'shipped' });
    expect(edited.json().members).toContain('政治意识');
    const [update] = await auditRows('dictionary.update', '四个意识');
    expect((update!.before as PresentedEntry).verbs).not.toContain('筑牢');
    expect((update!.after as PresentedEntry).verbs).toContain('筑牢');

    const restored = await admin.delete(`/api/v1/dictionary/${id}`);
    expect(restored.statusCode, restored.body).toBe(200);
    expect(restored.json()).toMatchObject({ state: 'shipped' });
    expect(restored.json().verbs).not.toContain('筑牢');
    expect(await auditRows('dictionary.reset', '四个意识')).toHaveLength(1);
    const again = await admin.delete(`/api/v1/dictionary/${id}`);
    expect(again.statusCode).toBe(409);
  });

  it('refuses invalid entries with 400 naming the field', async () => {
    const cases: Array<[unknown, string]> = [
      [{ kind: 'typo', canonical: '再接再厉' }, 'knownWrong'],
      [{ kind: 'slogan', canonical: '清廉机关' }, 'kind'],
      [{ kind: 'formulation', canonical: '' }, 'canonical'],
      [{ kind: 'formulation', canonical: '廉'.repeat(61) }, 'canonical'],
      [{ kind: 'formulation', canonical: '清廉', knownWrong: ['清廉'] }, 'knownWrong'],
      [{ kind: 'formulation', canonical: '清廉', colour: 'red' }, 'colour'],
    ];
    for (const [body, field] of cases) {
      const response = await admin.post('/api/v1/dictionary', body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      const error = response.json().error;
      expect(error.field, JSON.stringify(error)).toMatch(new RegExp(`^${field}`));
      expect(error.message).toMatch(/[\u4e00-\u9fff]/);
      expect(error.message).toContain(field);
    }
    // The same checks after merging an edit: a typo entry cannot lose its last wrong form.
    const emptied = await admin.patch(`/api/v1/dictionary/${encodeURIComponent('typo:再接再励')}`, {
      knownWrong: [],
    });
    expect(emptied.statusCode).toBe(400);
    expect(emptied.json().error.field).toBe('knownWrong');
  });

  it('answers 404 for an unknown entry', async () => {
    expect((await admin.get('/api/v1/dictionary/no-such-entry')).statusCode).toBe(404);
    expect(
      (await admin.patch('/api/v1/dictionary/no-such-entry', { enabled: false })).statusCode,
    ).toBe(404);
  });

  it('gives a liaison 403 on every dictionary route and changes nothing', async () => {
    const id = encodeURIComponent('两个确立');
    const attempts = [
      () => liaison.get('/api/v1/dictionary'),
      () => liaison.get(`/api/v1/dictionary/${id}`),
      () => liaison.post('/api/v1/dictionary', { kind: 'formulation', canonical: '两个确立' }),
      () => liaison.patch(`/api/v1/dictionary/${id}`, { enabled: false }),
      () => liaison.delete(`/api/v1/dictionary/${id}`),
    ];
    for (const attempt of attempts) expect((await attempt()).statusCode).toBe(403);
    const entry = await admin.get(`/api/v1/dictionary/${id}`);
    expect(entry.json()).toMatchObject({ state: 'shipped', enabled: true });
  });
});

describe('the compiled proofreader cache', () => {
  it('compiles once per change, not per request, and follows changes made elsewhere', async () => {
    const db = world.database.db;
    await currentProofreader(db);
    const before = compilationCount();
    for (let i = 0; i < 5; i++) await proofread(editor, '再接再励');
    expect(compilationCount()).toBe(before);

    // Another app node writes straight to the shared table: this node picks it up on its next
    // request, by digest, without being told.
    await world.database.query(
      `insert into dictionary_entries (id, entry, enabled) values ($1, $2::jsonb, true)`,
      [
        'typo:兢兢业叶',
        JSON.stringify({
          id: 'typo:兢兢业叶',
          kind: 'typo',
          canonical: '兢兢业业',
          knownWrong: ['兢兢业叶'],
        }),
      ],
    );
    const findings = (await proofread(editor, '工作兢兢业叶。')).findings;
    expect(findings).toEqual([expect.objectContaining({ suggestion: '兢兢业业' })]);
    expect(compilationCount()).toBe(before + 1);
    await proofread(editor, '工作兢兢业叶。');
    expect(compilationCount()).toBe(before + 1);
  });
});
