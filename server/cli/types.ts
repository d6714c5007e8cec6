export interface CliCommand {
  name: string;
  description: string;
  /** Returns the process exit code. */
  run(args: string[]): Promise<number>;
}
