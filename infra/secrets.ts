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
/**
 * Our client ids for Sign in with Apple and Google, per platform: the audience their identity
 * tokens name (Apple: the app's bundle id on iOS, the Services ID of the web flow on Android;
 * Google: the iOS client id, and on Android the server client id the app passes). Not secret, but
 * per stage like the rest; `none` (the default) leaves that sign-in off on that platform.
 */
export const appleClientIdIos = new sst.Secret("AppleClientIdIos", "none");
export const appleClientIdAndroid = new sst.Secret("AppleClientIdAndroid", "none");
export const googleClientIdIos = new sst.Secret("GoogleClientIdIos", "none");
export const googleClientIdAndroid = new sst.Secret("GoogleClientIdAndroid", "none");
