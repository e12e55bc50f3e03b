import { storageConfig } from "../config";

/** Drives the local S3 of the test file's stack, so tests can see what a failing S3 does to a use case. */
export const localS3 = {
  /** "slow" answers after `slowMs` (10 s unless told) or when cleared, never to a client that gave up. */
  fault: async (fault: "none" | "unavailable" | "slow" | "drop-connection", options: { slowMs?: number } = {}) => {
    const response = await fetch(`${storageConfig().endpoint}/_local/fault`, {
      method: "POST",
      body: JSON.stringify({ fault, ...options }),
    });
    if (!response.ok) throw new Error(`local S3 fault: ${response.status}`);
  },
};
