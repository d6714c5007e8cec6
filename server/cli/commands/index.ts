import type { CliCommand } from "../types";
import { adminCreate } from "./admin";
import { keysGenerate, keysRotate } from "./keys";

export const commands: CliCommand[] = [adminCreate, keysGenerate, keysRotate];
