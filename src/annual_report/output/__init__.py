"""Writing findings: text, JSON, SARIF and an annotated copy of a .docx draft."""
