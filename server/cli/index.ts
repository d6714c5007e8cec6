/** `npm run cli -- <command> [args]`: operator commands. Each command is a file in ./commands. */
import { commands } from "./commands";

async function main(argv: string[]) {
  const [name, ...args] = argv;
  const command = commands.find((c) => c.name === name);
  if (!command) {
    const width = Math.max(...commands.map((c) => c.name.length));
    console.log("Usage: npm run cli -- <command> [options]\n\nCommands:");
    for (const c of commands) console.log(`  ${c.name.padEnd(width)}  ${c.description}`);
    return name && name !== "help" && name !== "--help" ? 2 : 0;
  }
  return command.run(args);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  },
);
