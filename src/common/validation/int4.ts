/** The largest PostgreSQL `integer`: an id above it cannot exist (and would fail the query). */
export const INT4_MAX = 2_147_483_647;
