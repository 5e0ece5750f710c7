/**
 * Attempts are counted when a worker claims a delivery (so one that keeps crashing its worker still runs out of
 * attempts), and a delivery redelivered by hand starts a new round of the retry schedule: `round_start` is the
 * attempt count when the round began.
 */
export const name = "0002_delivery_rounds"

export const sql = `
ALTER TABLE deliveries ADD COLUMN round_start integer NOT NULL DEFAULT 0;
`
