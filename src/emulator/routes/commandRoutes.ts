import { z } from 'zod';
import { apiErrors, formError } from '../apiError.ts';
import type { EmulatorContext } from '../context.ts';
import type { Route, RouteRequest } from '../http/router.ts';
import { toFormErrors } from '../limits.ts';
import type { CommandRecord } from '../types.ts';

const commandSchema = z.looseObject({
  name: z
    .string()
    .min(1)
    .max(32)
    .regex(/^[-_'\p{L}\p{N}]+$/u),
  type: z.number().int().min(1).max(4).optional(),
  description: z.string().max(100).optional(),
  options: z
    .array(z.looseObject({ name: z.string().min(1).max(32) }))
    .max(25)
    .optional(),
});

/** Discord allows 100 chat-input commands per scope. */
const MAX_CHAT_COMMANDS = 100;

/** Application commands, global and per guild: list, bulk overwrite, create one. */
export function commandRoutes(ctx: EmulatorContext): Route[] {
  const scope = (params: RouteRequest['params']) => {
    if (params.appId !== ctx.state.bot.id) throw apiErrors.missingAccess();
    const guildId = params.guildId;
    if (guildId !== undefined && !ctx.state.guilds.has(guildId)) throw apiErrors.missingAccess();
    const list = guildId === undefined ? ctx.state.commands.global : (ctx.state.commands.guilds.get(guildId) ?? []);
    const save = (next: CommandRecord[]) => {
      if (guildId === undefined) ctx.state.commands.global = next;
      else ctx.state.commands.guilds.set(guildId, next);
    };
    return { guildId, list, save };
  };
  const routesFor = (pattern: string): Route[] => [
    {
      method: 'GET',
      pattern,
      auth: 'bot',
      handle: ({ params }) => ({ status: 200, body: scope(params).list }),
    },
    {
      method: 'PUT',
      pattern,
      auth: 'bot',
      handle: ({ params, body }) => {
        const { guildId, list, save } = scope(params);
        const parsed = z.array(commandSchema).safeParse(body);
        if (!parsed.success) throw apiErrors.invalidForm(toFormErrors(parsed.error.issues, []));
        const next = parsed.data.map((input) => toRecord(ctx, input, list, guildId));
        checkScope(next);
        save(next);
        return { status: 200, body: next };
      },
    },
    {
      method: 'POST',
      pattern,
      auth: 'bot',
      handle: ({ params, body }) => {
        const { guildId, list, save } = scope(params);
        const parsed = commandSchema.safeParse(body);
        if (!parsed.success) throw apiErrors.invalidForm(toFormErrors(parsed.error.issues, []));
        const record = toRecord(ctx, parsed.data, list, guildId);
        const existed = list.some((c) => c.id === record.id);
        const next = [...list.filter((c) => c.id !== record.id), record];
        checkScope(next);
        save(next);
        return { status: existed ? 200 : 201, body: record };
      },
    },
  ];
  return [...routesFor('/applications/:appId/commands'), ...routesFor('/applications/:appId/guilds/:guildId/commands')];
}

/** A command as Discord returns it; one with the same name and type keeps its id, as on Discord. */
function toRecord(
  ctx: EmulatorContext,
  input: z.infer<typeof commandSchema>,
  existing: ReadonlyArray<CommandRecord>,
  guildId: string | undefined,
): CommandRecord {
  const type = input.type ?? 1;
  const previous = existing.find((c) => c.name === input.name && c.type === type);
  return {
    default_member_permissions: null,
    nsfw: false,
    contexts: null,
    integration_types: [0],
    description: '',
    ...input,
    id: previous?.id ?? ctx.state.ids.next(),
    application_id: ctx.state.bot.id,
    version: ctx.state.ids.next(),
    type,
    name: input.name,
    ...(guildId !== undefined ? { guild_id: guildId } : {}),
  };
}

function checkScope(commands: ReadonlyArray<CommandRecord>): void {
  const keys = commands.map((c) => `${c.type}:${c.name}`);
  if (new Set(keys).size !== keys.length) {
    throw apiErrors.invalidForm(
      formError(['_'], 'APPLICATION_COMMANDS_DUPLICATE_NAME', 'Application command names must be unique'),
    );
  }
  if (commands.filter((c) => c.type === 1).length > MAX_CHAT_COMMANDS) {
    throw apiErrors.invalidForm(
      formError([], 'BASE_TYPE_MAX_LENGTH', `Must be ${MAX_CHAT_COMMANDS} or fewer in length.`),
    );
  }
}
