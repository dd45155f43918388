"""The built-in rules.  Every module of this package is a plugin, loaded exactly like an
outside one (see :mod:`annual_report.plugins.manager`)."""
