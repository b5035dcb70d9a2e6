/** Base path of the REST API; the paths of `API` (contract.ts) are relative to it. */
export const API_BASE = '/api/v1';
