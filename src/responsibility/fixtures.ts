import { createPerson } from '../org/service.js';
import { saveAttachment } from '../platform/files.js';
import { registerEntityFixture } from '../platform/testing.js';
import {
  createAssignment,
  createLetter,
  createMeeting,
  createReport,
  saveLeadingGroup,
} from './service.js';

/** A real one-page PDF header is enough for the type check; the bytes differ per unit. */
export const samplePdf = (label: string) => Buffer.from(`%PDF-1.4\n% ${label}\n%%EOF\n`);

registerEntityFixture('attachment', async (ctx, unitId) => {
  const file = await saveAttachment(ctx, {
    unitId,
    filename: '夹具附件.pdf',
    buffer: samplePdf(`fixture ${unitId}`),
  });
  return file.id;
});

registerEntityFixture('leading-group', async (ctx, unitId) => {
  const person = await createPerson(ctx, { name: '夹具组长', unitId });
  const group = await saveLeadingGroup(ctx, {
    unitId,
    name: '意识形态工作领导小组',
    members: [{ personId: person.id, duty: 'leader' }],
  });
  return group.id;
});

registerEntityFixture('responsibility-assignment', async (ctx, unitId) => {
  const row = await createAssignment(ctx, { unitId, year: 2026, kind: 'main' });
  return row.id;
});

registerEntityFixture('responsibility-letter', async (ctx, unitId) => {
  const person = await createPerson(ctx, { name: '夹具班子成员', unitId });
  const row = await createLetter(ctx, { unitId, year: 2026, personId: person.id });
  return row.id;
});

registerEntityFixture('agenda-meeting', async (ctx, unitId) => {
  const row = await createMeeting(ctx, {
    unitId,
    kind: 'special-study',
    heldAt: new Date('2026-03-10T02:00:00Z'),
    title: '夹具专题研究会议',
  });
  return row.id;
});

registerEntityFixture('yearly-report', async (ctx, unitId) => {
  const row = await createReport(ctx, { unitId, year: 2025, submittedOn: '2026-01-20' });
  return row.id;
});
