import { z } from 'zod';
import { apiErrors, type FormErrors, formError } from './apiError.ts';
import type { ActionRowRecord, EmbedRecord } from './types.ts';

/** Discord's message limits. */
export const LIMITS = {
  content: 2000,
  embeds: 10,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  authorName: 256,
  embedTotal: 6000,
  actionRows: 5,
  rowComponents: 5,
  customId: 100,
  label: 80,
  choices: 25,
  choiceName: 100,
  choiceValue: 100,
} as const;

/** Components v2 messages lay out their own top level, so the five-row limit does not apply. */
const IS_COMPONENTS_V2 = 1 << 15;

const embedSchema = z.looseObject({
  title: z.string().max(LIMITS.title).nullish(),
  description: z.string().max(LIMITS.description).nullish(),
  fields: z
    .array(
      z.looseObject({
        name: z.string().min(1).max(LIMITS.fieldName),
        value: z.string().min(1).max(LIMITS.fieldValue),
      }),
    )
    .max(LIMITS.fields)
    .nullish(),
  footer: z.looseObject({ text: z.string().max(LIMITS.footer) }).nullish(),
  author: z.looseObject({ name: z.string().max(LIMITS.authorName) }).nullish(),
});

const componentSchema = z.looseObject({
  type: z.number().int(),
  custom_id: z.string().max(LIMITS.customId).nullish(),
  label: z.string().max(LIMITS.label).nullish(),
});

const rowSchema = z.looseObject({
  type: z.number().int(),
  components: z.array(componentSchema).max(LIMITS.rowComponents).nullish(),
});

const messageSchema = z.looseObject({
  content: z.string().max(LIMITS.content).nullish(),
  embeds: z.array(embedSchema).max(LIMITS.embeds).nullish(),
  components: z.array(rowSchema).nullish(),
  flags: z.number().int().nullish(),
  allowed_mentions: z.looseObject({}).nullish(),
  nonce: z.union([z.string().max(25), z.number().int()]).nullish(),
  enforce_nonce: z.boolean().nullish(),
  /** Attachments to keep (existing ids) and to add (the ids of this request's `files[n]`). */
  attachments: z
    .array(z.looseObject({ id: z.union([z.string(), z.number()]) }))
    .max(10)
    .nullish(),
});

const choicesSchema = z.looseObject({
  choices: z
    .array(
      z.looseObject({
        name: z.string().min(1).max(LIMITS.choiceName),
        value: z.union([z.string().max(LIMITS.choiceValue), z.number()]),
      }),
    )
    .max(LIMITS.choices),
});

/** The message fields of a create or edit payload, checked against Discord's limits. */
export interface MessagePayload {
  content?: string | null;
  embeds?: EmbedRecord[] | null;
  components?: ActionRowRecord[] | null;
  flags?: number | null;
  allowed_mentions?: Record<string, unknown> | null;
  nonce?: string | number | null;
  /** With a nonce: return the sender's recent message with the same nonce instead of posting again. */
  enforce_nonce?: boolean | null;
  attachments?: ReadonlyArray<{ id: string | number; description?: unknown }> | null;
}

/**
 * Checks a message payload against Discord's limits; throws 400/50035 with Discord's nested form
 * errors, under `prefix` (e.g. `['data']` inside an interaction callback).
 */
export function parseMessagePayload(body: unknown, prefix: ReadonlyArray<string> = []): MessagePayload {
  const parsed = messageSchema.safeParse(body ?? {});
  if (!parsed.success) throw apiErrors.invalidForm(toFormErrors(parsed.error.issues, prefix));
  const payload = parsed.data;
  const total = (payload.embeds ?? []).reduce((sum, embed) => sum + embedLength(embed), 0);
  if (total > LIMITS.embedTotal) {
    throw apiErrors.invalidForm(
      formError(
        [...prefix, 'embeds'],
        'MAX_EMBED_SIZE_EXCEEDED',
        `Embed size exceeds maximum size of ${LIMITS.embedTotal}`,
      ),
    );
  }
  const rows = payload.components ?? [];
  if (rows.length > LIMITS.actionRows && ((payload.flags ?? 0) & IS_COMPONENTS_V2) === 0) {
    throw apiErrors.invalidForm(
      formError([...prefix, 'components'], 'BASE_TYPE_MAX_LENGTH', `Must be ${LIMITS.actionRows} or fewer in length.`),
    );
  }
  return payload;
}

/** Throws 400/50006 for a message with nothing to show, as Discord does. */
export function assertNotEmpty(message: {
  content: string;
  embeds: ReadonlyArray<unknown>;
  components: ReadonlyArray<unknown>;
}): void {
  if (message.content === '' && message.embeds.length === 0 && message.components.length === 0) {
    throw apiErrors.emptyMessage();
  }
}

/** Checks an autocomplete result (`{ choices }`); throws 400/50035 under `data` as Discord does. */
export function parseChoices(data: unknown): void {
  const parsed = choicesSchema.safeParse(data ?? {});
  if (!parsed.success) throw apiErrors.invalidForm(toFormErrors(parsed.error.issues, ['data']));
}

/** Characters that count toward an embed's 6,000: title, description, field names and values, footer, author. */
export function embedLength(embed: EmbedRecord): number {
  const fields = (embed.fields ?? []).reduce((sum, f) => sum + f.name.length + f.value.length, 0);
  return (
    (embed.title?.length ?? 0) +
    (embed.description?.length ?? 0) +
    fields +
    (embed.footer?.text.length ?? 0) +
    (embed.author?.name.length ?? 0)
  );
}

/** zod issues as Discord's form errors, with Discord's codes and wording where it has them. */
export function toFormErrors(issues: ReadonlyArray<z.core.$ZodIssue>, prefix: ReadonlyArray<string>): FormErrors {
  let errors: FormErrors = {};
  for (const issue of issues) {
    const path = [...prefix, ...issue.path.map((key) => String(key))];
    const [code, message] = describeIssue(issue);
    errors = mergeFormErrors(errors, formError(path, code, message));
  }
  return errors;
}

function describeIssue(issue: z.core.$ZodIssue): [string, string] {
  switch (issue.code) {
    case 'too_big':
      return ['BASE_TYPE_MAX_LENGTH', `Must be ${issue.maximum} or fewer in length.`];
    case 'too_small':
      return ['BASE_TYPE_MIN_LENGTH', `Must be ${issue.minimum} or more in length.`];
    case 'invalid_type':
      return [`BASE_TYPE_${issue.expected.toUpperCase()}`, `Must be a valid ${issue.expected}.`];
    default:
      return ['BASE_TYPE_INVALID', issue.message];
  }
}

function mergeFormErrors(a: FormErrors, b: FormErrors): FormErrors {
  const merged: FormErrors = { ...a };
  for (const [key, value] of Object.entries(b)) {
    const existing = merged[key];
    if (Array.isArray(existing) && Array.isArray(value)) merged[key] = [...existing, ...value];
    else if (existing && !Array.isArray(existing) && !Array.isArray(value))
      merged[key] = mergeFormErrors(existing, value);
    else merged[key] = value;
  }
  return merged;
}
