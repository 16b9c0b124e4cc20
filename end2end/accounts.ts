import path from "node:path";

// Who the end-to-end tests sign in as, shared by the config (which starts the servers)
// and the tests.

/** The standalone simulator's admin secret; the access tests check it never reaches the browser. */
export const adminSecret = "e2e-Adm1n-s3cret-never-in-the-browser";
/** The service-account dashboard's team password. */
export const teamPassword = "e2e-team-password";
/** Where the demo admin's session cookie is kept between the setup and the tests. */
export const adminState = path.join(__dirname, ".auth", "admin.json");
