/** Runs once when the Next.js server starts: settings, database migrations, key ring, embedded job runner. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startServer } = await import("./server/startup");
  await startServer();
}
