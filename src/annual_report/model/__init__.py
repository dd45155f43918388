"""The report model, findings, table layouts, errors: what every part shares."""

