/**
 * Values set per stage with `sst secret set <Name> <value> --stage <stage>`; never in code.
 * PlanetScale credentials are those of the stage's own branch (a password scoped to it).
 */
export const jwtSecret = new sst.Secret("JwtSecret");
export const planetScaleHost = new sst.Secret("PlanetScaleHost");
export const planetScaleUsername = new sst.Secret("PlanetScaleUsername");
export const planetScalePassword = new sst.Secret("PlanetScalePassword");
