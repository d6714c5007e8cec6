import type { CliCommand } from "../types";
import { adminCreate } from "./admin";
import { connectionsTest } from "./connections";
import { keysGenerate, keysRotate } from "./keys";

export const commands: CliCommand[] = [adminCreate, connectionsTest, keysGenerate, keysRotate];
