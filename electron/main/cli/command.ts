export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

export interface CliCommand {
  name: string;
  /** One line for `--help`. */
  summary: string;
  /** Usage line(s) shown by `chattrain <command> --help`. */
  usage: string;
  /** Returns the process exit code. `args` excludes the command name. */
  run(args: string[], io: CliIo): Promise<number>;
}

/** Thrown for wrong arguments: printed with the command's usage, exit code 2. */
export class UsageError extends Error {}
