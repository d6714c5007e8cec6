import { redirect } from "next/navigation";
import { serverContext } from "@/components/shell/server";

export default async function Home() {
  const ctx = await serverContext();
  redirect(ctx.viewer ? "/dashboard" : "/sign-in");
}
