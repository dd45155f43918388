"""The register of applications: its template, working days and deadlines, and the tally of
tables B and C it gives (facts the ledger rules compare with a report)."""
