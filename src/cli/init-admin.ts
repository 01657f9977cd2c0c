import { eq, isNull } from 'drizzle-orm';
import { writeAudit } from '../platform/audit.js';
import { systemClock } from '../platform/clock.js';
import { generateInitialPassword, hashPassword } from '../platform/passwords.js';
import { roleBindings, units, users } from '../platform/tables.js';
import { type Command, helpOption, parseCommandArgs, UsageError } from './command.js';
import { withDatabase } from './database.js';

export const command: Command = {
  usage: `用法：shoutu init-admin <账号> [--name 姓名] [--unit 根单位名称]

在空库中创建根单位（默认“市直机关工委”）与工委管理员账号，打印一次性密码；首次登录须修改密码。`,
  async run(argv) {
    const { values, positionals } = parseCommandArgs(
      argv,
      { ...helpOption, name: { type: 'string' }, unit: { type: 'string' } },
      { min: 1, max: 1, name: '账号' },
    );
    const username = positionals[0]!;
    if (!/^[a-z0-9][a-z0-9._-]{2,31}$/.test(username)) {
      throw new UsageError('账号为 3–32 位小写字母、数字、点、下划线或连字符');
    }
    return withDatabase(async (database) => {
      const password = generateInitialPassword();
      await database.db.transaction(async (tx) => {
        const [taken] = await tx.select().from(users).where(eq(users.username, username));
        if (taken) throw new UsageError(`账号「${username}」已存在`);
        let [root] = await tx.select().from(units).where(isNull(units.parentId));
        if (!root) {
          [root] = await tx
            .insert(units)
            .values({ name: values.unit ?? '市直机关工委', shortName: '工委', kind: 'committee' })
            .returning();
          [root] = await tx
            .update(units)
            .set({ path: `/${root!.id}/` })
            .where(eq(units.id, root!.id))
            .returning();
        }
        const [user] = await tx
          .insert(users)
          .values({
            username,
            displayName: values.name ?? username,
            unitId: root!.id,
            passwordHash: await hashPassword(password),
            mustChangePassword: true,
          })
          .returning();
        await tx
          .insert(roleBindings)
          .values({ userId: user!.id, role: 'committee_admin', unitId: root!.id });
        await writeAudit(tx, {
          at: systemClock.now(),
          actorId: null,
          actorName: '系统',
          ip: 'cli',
          action: 'user.init-admin',
          entity: 'user',
          entityId: user!.id,
          outcome: 'success',
          after: { username },
        });
      });
      process.stdout.write(
        `已创建工委管理员 ${username}\n一次性密码（只显示这一次）：${password}\n首次登录后必须修改密码。\n`,
      );
      return 0;
    });
  },
};
