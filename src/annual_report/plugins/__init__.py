"""Hook specifications, the plugin loader and the rule API."""

