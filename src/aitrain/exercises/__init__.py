"""What each module's exercises check: one file per module, named after the module's topic."""
