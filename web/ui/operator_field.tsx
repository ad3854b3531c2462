/**
 * The operator's name field in the header: whatever is typed is kept in
 * localStorage and goes out as `x-user` with every action.
 *
 * @module
 */
import { useState } from "preact/hooks";
import { DEFAULT_OPERATOR, operatorName, setOperatorName } from "./operator_name.ts";

/** The name field. */
export function OperatorField() {
  const [name, setName] = useState(() => operatorName());
  return (
    <label class="operator" title="Recorded with every acknowledgement, shelve and command">
      <span class="operator-label">Operator</span>
      <input
        id="operator-name"
        type="text"
        size={10}
        maxLength={100}
        autocomplete="username"
        placeholder={DEFAULT_OPERATOR}
        value={name === DEFAULT_OPERATOR ? "" : name}
        onInput={(e) => {
          setOperatorName(e.currentTarget.value);
          setName(operatorName());
        }}
      />
    </label>
  );
}
