// The policy rules, each refused with its own status: scope 404, role 403, state 409, the same
// person as an earlier step 409 — and allowedActions agreeing with authorize for every role.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBindings, type Principal, scopeFor } from './access.js';
import { writeAudit } from './audit.js';
import type { ServiceContext } from './context.js';
import type { RoleName } from './contract.js';
import type { Db } from './db.js';
import { AppError } from './errors.js';
import {
  allowedActions,
  authorize,
  definePolicy,
  type PolicyRecord,
  withAllowed,
} from './policy.js';
import { createTestWorld, type TestWorld } from './testing.js';
import { workflowTransitions } from './workflow-tables.js';

let world: TestWorld;
beforeAll(async () => {
  world = await createTestWorld();
});
afterAll(() => world.close());

async function contextAs(tx: Db, role: RoleName): Promise<ServiceContext> {
  const account = world.users[role];
  const user: Principal = {
    id: account.id,
    username: account.username,
    displayName: `测试${role}`,
    unitId: account.unitId,
    isDemo: false,
    mustChangePassword: false,
    totpEnabled: false,
    bindings: await loadBindings(tx, account.id),
  };
  return {
    tx,
    user,
    scope: scopeFor(user, 'any-user'),
    clock: world.clock,
    audit: (entry) =>
      writeAudit(tx, {
        outcome: 'success',
        ...entry,
        at: world.clock.now(),
        actorId: user.id,
        actorName: user.displayName,
        ip: 'test',
      }),
  };
}

interface Draft extends PolicyRecord {
  status: 'draft' | 'review' | 'published';
  title: string;
}

const policy = definePolicy<Draft, 'edit' | 'approve' | 'retitle'>({
  kind: 'policy-test-draft',
  read: ['committee_admin', 'unit_liaison', 'unit_leader', 'editor'],
  actions: {
    edit: { roles: ['editor', 'unit_liaison'], states: ['draft'] },
    approve: {
      roles: ['unit_leader', 'unit_liaison', 'committee_admin', 'editor'],
      states: ['review'],
      notSameAs: ['create'],
    },
    retitle: {
      roles: ['editor'],
      check: (d) => (d.title.startsWith('【定稿】') ? '定稿的标题不能再改' : null),
    },
  },
  actionLabels: { edit: '修改', approve: '审核', create: '撰写' },
  stateLabels: { draft: '草稿', review: '待审核', published: '已发布' },
});

async function refusal(work: Promise<unknown>): Promise<{ status: number; message: string }> {
  try {
    await work;
  } catch (error) {
    if (error instanceof AppError) return { status: error.status, message: error.message };
    throw error;
  }
  return { status: 200, message: '' };
}

describe('authorize', () => {
  it('refuses a record outside the scope with 404, whatever the role', async () => {
    const foreign: Draft = { id: 1, unitId: world.unitB, status: 'draft', title: '乙' };
    await world.database.db.transaction(async (tx) => {
      const liaison = await contextAs(tx, 'unit_liaison');
      expect(await refusal(authorize(liaison, policy, 'edit', foreign))).toMatchObject({
        status: 404,
      });
      // A role outside `read` does not see even its own unit's record.
      const inspector = await contextAs(tx, 'inspector');
      const own: Draft = { id: 2, unitId: world.unitA, status: 'draft', title: '甲' };
      expect((await refusal(authorize(inspector, policy, 'edit', own))).status).toBe(404);
      // The committee admin, bound at the root, reaches the foreign unit.
      const admin = await contextAs(tx, 'committee_admin');
      expect((await refusal(authorize(admin, policy, 'approve', foreign))).status).toBe(409);
    });
  });

  it('refuses a role the action does not name with 403, below the unit too', async () => {
    const inBranch: Draft = { id: 3, unitId: world.branchA, status: 'draft', title: '支部' };
    await world.database.db.transaction(async (tx) => {
      const leader = await contextAs(tx, 'unit_leader');
      const refused = await refusal(authorize(leader, policy, 'edit', inBranch));
      expect(refused).toEqual({ status: 403, message: '无权执行此操作' });
      // The liaison of unit A reaches its branch's records through the subtree.
      const liaison = await contextAs(tx, 'unit_liaison');
      await expect(authorize(liaison, policy, 'edit', inBranch)).resolves.toBeUndefined();
    });
  });

  it('refuses the wrong state with 409 naming the state and the action', async () => {
    const published: Draft = { id: 4, unitId: world.unitA, status: 'published', title: '甲' };
    await world.database.db.transaction(async (tx) => {
      const editor = await contextAs(tx, 'editor');
      expect(await refusal(authorize(editor, policy, 'edit', published))).toEqual({
        status: 409,
        message: '当前状态为「已发布」，不能修改',
      });
    });
  });

  it('refuses the person who took an earlier step with 409, and lets another through', async () => {
    const draft: Draft = { id: 5, unitId: world.unitA, status: 'review', title: '甲' };
    await world.database.db.transaction(async (tx) => {
      await tx.insert(workflowTransitions).values({
        kind: policy.kind,
        recordId: draft.id,
        unitId: draft.unitId,
        fromState: null,
        toState: 'review',
        action: 'create',
        actorId: world.users.editor.id,
        actorName: '测试editor',
        at: world.clock.now(),
      });
      const editor = await contextAs(tx, 'editor');
      expect(await refusal(authorize(editor, policy, 'approve', draft))).toEqual({
        status: 409,
        message: '审核须由其他人完成：您已在此前的「撰写」环节经手',
      });
      const leader = await contextAs(tx, 'unit_leader');
      await expect(authorize(leader, policy, 'approve', draft)).resolves.toBeUndefined();
      // The same record id of another kind is someone else's history.
      const other = { ...policy, kind: 'policy-test-other' };
      await expect(authorize(editor, other, 'approve', draft)).resolves.toBeUndefined();
    });
  });

  it("refuses by the rule's own check with 409 and its message", async () => {
    const final: Draft = { id: 6, unitId: world.unitA, status: 'draft', title: '【定稿】甲' };
    await world.database.db.transaction(async (tx) => {
      const editor = await contextAs(tx, 'editor');
      expect(await refusal(authorize(editor, policy, 'retitle', final))).toEqual({
        status: 409,
        message: '定稿的标题不能再改',
      });
    });
  });
});

describe('allowedActions', () => {
  it('lists exactly the actions authorize lets through, per role and record', async () => {
    const records: Draft[] = [
      { id: 10, unitId: world.unitA, status: 'draft', title: '甲' },
      { id: 11, unitId: world.unitA, status: 'review', title: '甲' },
      { id: 12, unitId: world.unitB, status: 'review', title: '乙' },
      { id: 13, unitId: world.branchA, status: 'published', title: '【定稿】支部' },
    ];
    await world.database.db.transaction(async (tx) => {
      for (const role of ['editor', 'unit_leader', 'unit_liaison', 'committee_admin'] as const) {
        const ctx = await contextAs(tx, role);
        const listed = await withAllowed(ctx, policy, records);
        for (const [i, record] of records.entries()) {
          const one = await allowedActions(ctx, policy, record);
          expect(listed[i]!.allowed).toEqual(one);
          for (const action of ['edit', 'approve', 'retitle']) {
            const passes = (await refusal(authorize(ctx, policy, action, record))).status === 200;
            expect(one.includes(action), `${role} ${action} #${record.id}`).toBe(passes);
          }
        }
      }
      const editor = await contextAs(tx, 'editor');
      expect((await withAllowed(editor, policy, records)).map((r) => r.allowed)).toEqual([
        ['edit', 'retitle'],
        ['approve', 'retitle'],
        [],
        [],
      ]);
    });
  });
});
