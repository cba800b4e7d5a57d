// A plugin's credentials form from its `fields` (the registry's catalog), BigDesign inputs named
// credentials.<name> (read on the server by credentialsOf), each error under its own field.
import { FormGroup, Input } from "@bigcommerce/big-design";
import type { CredentialField } from "~/plugins/port";

export function CredentialsInputs({
  fields,
  errors,
  disabled,
  placeholders,
}: {
  fields: CredentialField[];
  /** by "credentials.<name>" */
  errors: Record<string, string>;
  disabled?: boolean;
  placeholders?: Record<string, string>;
}) {
  return (
    <>
      {fields.map((field) => (
        <FormGroup key={field.name}>
          <Input
            label={field.label}
            name={`credentials.${field.name}`}
            type={field.secret ? "password" : "text"}
            autoComplete="off"
            description={field.helpText}
            placeholder={placeholders?.[field.name]}
            error={errors[`credentials.${field.name}`]}
            disabled={disabled}
          />
        </FormGroup>
      ))}
    </>
  );
}
