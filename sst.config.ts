/// <reference path="./.sst/platform/config.d.ts" />

export default $config({
  app(input) {
    const production = input?.stage === "production";
    return {
      name: "gogh",
      home: "aws",
      // Production keeps its data and refuses accidental removal; other stages clean up.
      removal: production ? "retain" : "remove",
      protect: production,
    };
  },
  async run() {
    // Imported here, not at the top: the `sst` and `$app` globals exist only inside run().
    const { api, apiDnsTarget } = await import("./infra/api");
    const { admin } = await import("./infra/admin");
    const { cdn } = await import("./infra/storage");
    const { monitoring } = await import("./infra/monitoring");
    await import("./infra/jobs");
    return {
      api: api.url,
      admin: admin.url,
      cdn: cdn.url,
      ...(apiDnsTarget ? { apiDnsTarget } : {}),
      ...(monitoring ? { alarms: monitoring.topic.arn } : {}),
    };
  },
});
