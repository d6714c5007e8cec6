/** What the shell needs to know about the signed-in user; built by the cabinet layout. */
export interface ShellViewer {
  name: string;
  email: string;
  isAdmin: boolean;
  partnerId: string | null;
  role: "owner" | "member" | null;
  memberships: { partnerId: string; partnerName: string; role: "owner" | "member" }[];
}
