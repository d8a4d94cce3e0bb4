import { z } from 'zod';

export const handbookChapterSchema = z
  .object({
    title: z.string().min(2).max(80),
    order: z.int().min(1),
    summary: z.string().min(10).max(200),
  })
  .strict();

export const POLICY_NUMBER = /^\d{4}(?:\.\d{1,2})?$/;

export const policySchema = z
  .object({
    number: z.string().regex(POLICY_NUMBER, 'write a policy number such as "4300" or "4300.2", in quotes'),
    title: z.string().min(2).max(120),
    adopted: z.date(),
    revised: z.array(z.date()).default([]),
    related: z.array(z.string().regex(POLICY_NUMBER, 'write a policy number such as "4310", in quotes')).default([]),
    legal: z.array(z.string().min(3)).default([]),
    summary: z.string().min(10).max(200),
  })
  .strict()
  .refine((p) => p.revised.every((d) => d >= p.adopted), {
    message: 'a revision cannot come before the adoption date',
    path: ['revised'],
  })
  .refine((p) => !p.related.includes(p.number), { message: 'a policy cannot be related to itself', path: ['related'] });

export type HandbookChapter = z.infer<typeof handbookChapterSchema>;
export type Policy = z.infer<typeof policySchema>;
