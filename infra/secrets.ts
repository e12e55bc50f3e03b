/**
 * Values set per stage with `sst secret set <Name> <value> --stage <stage>`; never in code.
 * PlanetScale credentials are those of the stage's own branch (a password scoped to it).
 */
export const jwtSecret = new sst.Secret("JwtSecret");
export const planetScaleHost = new sst.Secret("PlanetScaleHost");
export const planetScaleUsername = new sst.Secret("PlanetScaleUsername");
export const planetScalePassword = new sst.Secret("PlanetScalePassword");
export const momentoApiKey = new sst.Secret("MomentoApiKey");
/** The HTTP API endpoint of the key's region, e.g. https://api.cache.cell-ap-northeast-1-1.prod.a.momentohq.com. */
export const momentoHttpEndpoint = new sst.Secret("MomentoHttpEndpoint");
