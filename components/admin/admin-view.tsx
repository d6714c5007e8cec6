"use client";

import { PartnersCard } from "./partners-card";
import { PlatformConfigsCard } from "./platform-configs-card";

export function AdminView() {
  return (
    <div className="space-y-6">
      <PlatformConfigsCard />
      <PartnersCard />
    </div>
  );
}
