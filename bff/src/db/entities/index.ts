/** TypeORM entities. Most hot paths use explicit SQL through the transaction handle. */
export const entities: Function[] = [];
