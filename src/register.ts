import { parseArgs } from 'node:util';
import { REST, Routes } from 'discord.js';
import { COMMANDS } from '../commands/index.ts';
import { exitWithUsage, readConfigOrExit } from './config/readConfigOrExit.ts';

/**
 * `npm run register -- [--guild <id>]`: registers the slash commands. With --guild they appear in
 * that server at once (for development); without, globally (for production; Discord may take a
 * while to show them everywhere). Run it when the commands change, not on every start.
 */
const fail: (message: string) => never = (message) => exitWithUsage('paperboy register', message);

let guild: string | undefined;
try {
  guild = parseArgs({ options: { guild: { type: 'string' } } }).values.guild;
} catch (error) {
  fail((error as Error).message);
}
if (guild !== undefined && !/^\d{17,20}$/.test(guild)) fail(`--guild: "${guild}" is not a server id (17 to 20 digits)`);

const config = readConfigOrExit('paperboy register');
if (!config.DISCORD_TOKEN) fail('set DISCORD_TOKEN to your bot token (see .env.example)');

const rest = new REST(config.DISCORD_API_URL ? { api: config.DISCORD_API_URL } : {}).setToken(config.DISCORD_TOKEN);
try {
  const app = (await rest.get(Routes.currentApplication())) as { id: string };
  const body = COMMANDS.map((c) => c.data);
  await rest.put(guild ? Routes.applicationGuildCommands(app.id, guild) : Routes.applicationCommands(app.id), { body });
  process.stdout.write(
    `registered ${body.length} command${body.length === 1 ? '' : 's'} ${guild ? `in server ${guild}` : 'globally'}\n`,
  );
} catch (error) {
  fail(`Discord refused the registration: ${(error as Error).message}`);
}
