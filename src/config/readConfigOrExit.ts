import { type Config, ConfigError, loadConfig } from './loadConfig.ts';

/** Prints one line for the user and exits with code 2: the entry points' answer to bad input. */
export function exitWithUsage(program: string, message: string): never {
  process.stderr.write(`${program}: ${message}\n`);
  process.exit(2);
}

/** The configuration of an entry point; a bad setting ends it with one line naming the variable. */
export function readConfigOrExit(program: string, env: NodeJS.ProcessEnv = process.env): Config {
  try {
    return loadConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return exitWithUsage(program, `${error.message} (see .env.example)`);
  }
}
