import { storageConfig } from "../config";

/** Drives the local S3 of the test file's stack, so tests can see what a failing S3 does to a use case. */
export const localS3 = {
  fault: async (fault: "none" | "unavailable") => {
    const response = await fetch(`${storageConfig().endpoint}/_local/fault`, {
      method: "POST",
      body: JSON.stringify({ fault }),
    });
    if (!response.ok) throw new Error(`local S3 fault: ${response.status}`);
  },
};
