"""The local web application (``annual-report serve``): upload a draft, see its findings."""
