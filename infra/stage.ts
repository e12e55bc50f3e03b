/**
 * What differs between stages, in one place: personal dev stages, `staging` and `production`.
 * Everything not decided here is the same on every stage.
 */
export const isProduction = $app.stage === "production";

/** How long CloudWatch keeps Lambda and access logs. */
export const logRetention = isProduction ? "3 months" : "1 week";

/**
 * Browser origins allowed to call the API. The Unity client is not a browser and needs none;
 * personal and staging stages accept any origin so browser tools (OpenAPI viewers) work.
 */
export const corsOrigins: $util.Input<string[]> = isProduction ? [] : ["*"];
