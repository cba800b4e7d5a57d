// The credentials form of a plugin, generated from its `fields` (the registry's catalog): each field
// a text input (a password input for secrets), errors shown under the field they belong to.
import { FormLayout, TextField } from "@shopify/polaris";
import { useState } from "react";
import type { CredentialField } from "~/plugins/port";

export function CredentialsFields({
  fields,
  errors,
  disabled,
  placeholders,
}: {
  fields: CredentialField[];
  /** by "credentials.<name>" */
  errors: Record<string, string>;
  disabled?: boolean;
  /** shown in empty fields, e.g. the masked current value */
  placeholders?: Record<string, string>;
}) {
  const [values, setValues] = useState<Record<string, string>>({});
  return (
    <FormLayout>
      {fields.map((field) => (
        <TextField
          key={field.name}
          label={field.label}
          name={`credentials.${field.name}`}
          type={field.secret ? "password" : "text"}
          autoComplete="off"
          value={values[field.name] ?? ""}
          onChange={(value) => setValues((v) => ({ ...v, [field.name]: value }))}
          helpText={field.helpText}
          placeholder={placeholders?.[field.name]}
          error={errors[`credentials.${field.name}`]}
          disabled={disabled}
        />
      ))}
    </FormLayout>
  );
}

/** The `credentials.<name>` fields of a submitted form as the credentials object. */
export function credentialsOf(body: Record<string, unknown>): Record<string, unknown> {
  const credentials: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    if (key.startsWith("credentials.")) credentials[key.slice("credentials.".length)] = value;
  }
  return credentials;
}
