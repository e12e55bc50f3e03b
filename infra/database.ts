import { planetScaleHost, planetScalePassword, planetScaleUsername } from "./secrets";

/**
 * PlanetScale, reached through its HTTP driver: code reads `Resource.Database` (see
 * packages/core/src/config.ts). The host is bare (aws.connect.psdb.cloud), so https.
 */
export const database = new sst.Linkable("Database", {
  properties: {
    host: planetScaleHost.value,
    username: planetScaleUsername.value,
    password: planetScalePassword.value,
  },
});
