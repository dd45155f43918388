"""Yearly data → the statutory .docx, and the statistics workbook to fill in."""
