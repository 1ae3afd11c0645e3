/**
 * Runs one of the log's `npm run` commands to its exit: its error on stderr, what it has to say
 * (`output`, when it says anything) on stdout as JSON, and its exit code.
 */
export function runCommand<T extends { code: number; error?: string }>(
  outcome: Promise<T>,
  output: (o: T) => unknown,
): void {
  outcome.then(
    (o) => {
      if (o.error) process.stderr.write(`${o.error}\n`);
      const said = output(o);
      if (said !== undefined) process.stdout.write(`${JSON.stringify(said, null, 2)}\n`);
      process.exit(o.code);
    },
    (e) => {
      process.stderr.write(`${(e as Error).message}\n`);
      process.exit(1);
    },
  );
}
