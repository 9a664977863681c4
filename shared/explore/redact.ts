/** Secrets taken out of SQL text before it is kept (query history): values are replaced by REDACTED. */

export const REDACTED = '***';

/** Option and setting names whose quoted value is a secret: `SECRET '…'`, `KEY_ID '…'`, `s3_secret_access_key='…'`. */
const SECRET_NAME =
  /\b([a-z0-9_]*(?:key_id|secret|secret_access_key|session_token|password|passwd|pwd|token|access_key|account_key|api_key|connection_string))(\s*(?:=|:)?\s*)'(?:[^']|'')*'/gi;
/** `password=…` or `…token=…` inside a connection string (libpq `key=value`, ODBC `Key=value;`, `md:?motherduck_token=`). */
const CONNECTION_PASSWORD = /\b(password|passwd|pwd|[a-z0-9_]*token|[a-z0-9_]*secret)(\s*=\s*)("(?:[^"]|"")*"|[^\s;'"]+)/gi;
/** The password in a URI's user info: `postgresql://user:pass@host`. */
const URI_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/[^:/\s'@]*:)([^@\s'/]+)@/gi;

/** The SQL with secret values replaced by ***; everything else is left as typed, so the entry can still be read and re-run. */
export function redactSecrets(sql: string): string {
  return sql
    .replace(SECRET_NAME, (_m, name: string, sep: string) => `${name}${sep}'${REDACTED}'`)
    .replace(CONNECTION_PASSWORD, (_m, name: string, sep: string) => `${name}${sep}${REDACTED}`)
    .replace(URI_PASSWORD, (_m, head: string) => `${head}${REDACTED}@`);
}
