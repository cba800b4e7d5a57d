// Form field names the admin's views and their shared actions agree on (client and server).

/** The manual shipment form: qty.<orderLineId> holds the units of each line in the package. */
export const QTY = "qty.";
