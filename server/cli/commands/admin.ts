import crypto from "node:crypto";
import { parseArgs } from "node:util";
import { getDatabase } from "@/db/client";
import { createAdmin } from "@/server/services/admin";
import { emailSchema, passwordSchema } from "@/server/services/accounts";
import type { CliCommand } from "../types";

export const adminCreate: CliCommand = {
  name: "admin:create",
  description: "Create a platform administrator (or promote an existing user): --email <e-mail> [--password <password>]",
  async run(args) {
    const { values } = parseArgs({ args, options: { email: { type: "string" }, password: { type: "string" } } });
    const email = emailSchema.safeParse(values.email ?? "");
    if (!email.success) {
      console.error("admin:create needs --email with a valid e-mail address");
      return 2;
    }
    const generated = !values.password;
    const password = values.password ?? crypto.randomBytes(12).toString("base64url");
    if (!passwordSchema.safeParse(password).success) {
      console.error("The password must be 10 to 200 characters long");
      return 2;
    }
    const { db, close } = await getDatabase();
    try {
      const result = await createAdmin(db, email.data, password);
      if (!result.created) console.log(`${email.data} already had an account; it is now an administrator.`);
      else {
        console.log(`Administrator ${email.data} created.`);
        if (generated) console.log(`Password (shown once, change it after signing in): ${password}`);
      }
      return 0;
    } finally {
      await close();
    }
  },
};
