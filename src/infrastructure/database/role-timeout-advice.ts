/**
 * What an operator runs so that statements outside a transaction are cut behind a transaction
 * pooler: text to print, never to execute (the role name is quoted as an identifier anyway, so
 * that the line can be pasted as it is).
 */
export function roleTimeoutAdvice(role: string, timeoutMs: number): string {
  const quotedRole = `"${role.replaceAll('"', '""')}"`;
  return `ALTER ROLE ${quotedRole} SET statement_timeout = '${timeoutMs}ms'`;
}
