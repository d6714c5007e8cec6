export interface SettingsMe {
  userId: string;
  name: string;
  email: string;
  role: "owner" | "member";
  partnerName: string;
}
