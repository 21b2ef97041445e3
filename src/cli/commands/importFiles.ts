import type { PaperInput } from '../../papers/paper.ts';
import { parseImportFile } from '../../sources/parseImportFile.ts';
import { formatImport } from '../formatOutput.ts';
import { UsageError } from '../parseCliArgs.ts';
import { type CliCommand, json } from './CliCommand.ts';

/**
 * `import <file...>`: every file is read and checked before anything is written, so a bad file
 * leaves the store exactly as it was.
 */
export const importFiles: CliCommand = async (args, ctx) => {
  const papers: PaperInput[] = [];
  for (const file of args.args) {
    let text: string;
    try {
      text = await ctx.readFile(file);
    } catch (error) {
      if (error instanceof UsageError) throw error;
      const code = (error as NodeJS.ErrnoException).code;
      throw new UsageError(
        `${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : 'cannot be read'}`,
      );
    }
    papers.push(...parseImportFile(file, text).papers);
  }
  const summary = await ctx.catalog.ingest(papers);
  ctx.out(args.json ? json({ files: args.args.length, ...summary }) : formatImport(args.args.length, summary));
  return 0;
};
