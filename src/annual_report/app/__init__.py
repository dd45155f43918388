"""What each command does, on top of the other parts: a check of one report or many, build,
extract, interpret, site, the rules and plugins listings.  The command line and the web page call
these; nothing below imports them."""
