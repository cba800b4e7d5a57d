// A page's error inside the BigCommerce admin's layout (the navigation and session stay): a record
// that is not this store's is "not found", anything else says so without details.
import { Message } from "@bigcommerce/big-design";
import { isRouteErrorResponse, useRouteError } from "@remix-run/react";
import { PageHeader } from "./PageHeader";
import { BcLink } from "./session";

export function BcRouteError({ title, back = "/" }: { title: string; back?: string }) {
  const error = useRouteError();
  const text = isRouteErrorResponse(error)
    ? error.status === 404
      ? "This page does not exist, or it belongs to another store."
      : typeof error.data === "string" && error.data
        ? error.data
        : `${error.status} ${error.statusText}`
    : "Something went wrong. Try again in a moment.";
  return (
    <>
      <PageHeader title={title} actions={<BcLink to={back}>Back</BcLink>} />
      <Message type="error" messages={[{ text }]} />
    </>
  );
}
